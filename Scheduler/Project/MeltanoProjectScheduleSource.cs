using System.Security.Cryptography;
using Tapline.Core.Project;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Hosting;

namespace Tapline.Scheduler.Project;

/// <summary>
/// Reads the schedules of the Meltano project (meltano.yml and its include_paths) through Core's
/// project loader. A project that does not load at all (unparsable YAML, missing file) is reported
/// naming file and line, and the Scheduler keeps the triggers it had; a project that loads is
/// checked schedule by schedule, so one bad schedule does not stop the others.
/// </summary>
public sealed class MeltanoProjectScheduleSource(SchedulerOptions options) : IScheduleSource
{
    private volatile IReadOnlyList<string> _files = [options.MeltanoYmlPath];

    public IReadOnlyList<string> WatchedFiles => _files;

    public async ValueTask<string> HashAsync(CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in _files)
        {
            try
            {
                sha.AppendData(await File.ReadAllBytesAsync(file, cancellationToken));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                sha.AppendData("missing"u8);
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public async ValueTask<ProjectSchedules> LoadAsync(CancellationToken cancellationToken)
    {
        var (project, errors) = ProjectLoader.Analyze(options.ProjectRoot);
        if (project is null)
        {
            var problems = errors.Select(e => new ScheduleProblem("*", "meltano.yml", e.Message, e.File, e.Line > 0 ? e.Line : null)).ToList();
            if (problems.Count == 0)
            {
                problems.Add(new ScheduleProblem("*", "meltano.yml", "could not be loaded", options.MeltanoYmlPath));
            }
            return new ProjectSchedules(ScheduleSet.Empty, await HashAsync(cancellationToken), problems);
        }

        _files = [project.File, .. project.IncludedFiles];
        var set = ProjectScheduleSpecs.Compile(project, options.Environment);
        return new ProjectSchedules(set, await HashAsync(cancellationToken), []);
    }
}
