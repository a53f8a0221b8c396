namespace Tapline.Core.Project;

/// <summary>The project cannot be used as written; <see cref="Errors"/> lists every problem found.</summary>
public class ProjectException : Exception
{
    public ProjectException(IReadOnlyList<ProjectError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ProjectException(string message)
        : base(message)
    {
        Errors = [];
    }

    public IReadOnlyList<ProjectError> Errors { get; }
}
