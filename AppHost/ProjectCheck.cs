using Tapline.Core.Project;

namespace Tapline.AppHost;

/// <summary>The project the services will open, read once by the AppHost with the same loader they use.</summary>
internal static class ProjectCheck
{
    /// <summary>One line per error (file:line:column: message); empty when the services can open the project.</summary>
    public static IReadOnlyList<string> Problems(string projectRoot) =>
        ProjectLoader.Lint(projectRoot).Select(e => e.ToString()).ToList();
}
