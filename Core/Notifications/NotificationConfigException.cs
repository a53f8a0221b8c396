using Tapline.Core.Project;

namespace Tapline.Core.Notifications;

/// <summary>The notifications configuration is wrong; every problem names its file and line.</summary>
public sealed class NotificationConfigException(IReadOnlyList<ProjectError> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
{
    public IReadOnlyList<ProjectError> Errors { get; } = errors;
}
