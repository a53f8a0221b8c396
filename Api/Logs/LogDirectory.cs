using Tapline.Api.Errors;

namespace Tapline.Api.Logs;

/// <summary>
/// The project's log directory (Meltano's <c>.meltano/logs</c>, under <c>MELTANO_SYS_DIR_ROOT</c>
/// when set) and the only place log endpoints read from: a runs row whose log_path resolves
/// anywhere else, or to a symlink, is refused.
/// </summary>
public sealed class LogDirectory
{
    public LogDirectory(Project.ProjectAccess project)
    {
        ProjectRoot = project.Root;
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(project.Places.LogsDir));
    }

    public string ProjectRoot { get; }
    public string Root { get; }

    /// <summary>The full path of the run's log, or an <see cref="ApiProblem"/> when the row points outside <see cref="Root"/>.</summary>
    public string Resolve(RunLogInfo run)
    {
        if (string.IsNullOrWhiteSpace(run.LogPath))
        {
            throw ApiProblem.NotFound($"Run {run.Id} has no log yet (status {run.Status}).");
        }
        var full = run.LogPath.Contains('\0') ? null : Path.GetFullPath(run.LogPath, ProjectRoot);
        if (full is null || !full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw ApiProblem.Forbidden($"Run {run.Id}'s log path is outside the project's log directory (.meltano/logs); refusing to read it.");
        }
        var file = new FileInfo(full);
        if (file.LinkTarget is not null)
        {
            throw ApiProblem.Forbidden($"Run {run.Id}'s log file is a symbolic link; refusing to follow it.");
        }
        return full;
    }
}
