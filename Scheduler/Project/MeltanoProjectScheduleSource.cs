using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Tapline.Core.Project;
using Tapline.Core.Schedules;
using Tapline.Scheduler.Hosting;

namespace Tapline.Scheduler.Project;

/// <summary>
/// Reads the schedules of the Meltano project (meltano.yml and its include_paths) through Core's
/// project loader. A project that does not load at all (unparsable YAML, missing file) is reported
/// naming file and line, and the Scheduler keeps the triggers it had; a project that loads is
/// checked schedule by schedule, so one bad schedule does not stop the others. The project's .env is
/// watched too: <c>MELTANO_ENVIRONMENT</c> there selects the environment (state ids, env), re-resolved
/// through Core's <see cref="Tapline.Core.Places.ProjectPlaces"/> on every reload.
/// </summary>
public sealed class MeltanoProjectScheduleSource(SchedulerOptions options, ILogger<MeltanoProjectScheduleSource> logger) : IScheduleSource
{
    private volatile IReadOnlyList<string> _files = [options.MeltanoYmlPath, options.DotEnvPath];
    private Tapline.Core.Places.ProjectPlaces? _lastPlaces;

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
        FollowPlaces();
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

        _files = [project.File, .. project.IncludedFiles, options.DotEnvPath];
        var set = ProjectScheduleSpecs.Compile(project, options.Environment);
        return new ProjectSchedules(set, await HashAsync(cancellationToken), []);
    }

    /// <summary>
    /// Takes the active environment from the one resolver, as the Api and the Runner read it now. The system
    /// database and directory were opened at start; a change of those is reported, not followed.
    /// </summary>
    private void FollowPlaces()
    {
        if (options.ResolvePlaces is null)
        {
            return;
        }
        var places = options.ResolvePlaces();
        if (places.SelectedEnvironment != options.Environment)
        {
            logger.LogInformation("Active environment is now {Environment} (was {Previous})",
                places.SelectedEnvironment ?? "meltano.yml's default_environment", options.Environment ?? "meltano.yml's default_environment");
            options.Environment = places.SelectedEnvironment;
        }
        if (_lastPlaces is not null && (places.SysDir != _lastPlaces.SysDir || places.Database != _lastPlaces.Database))
        {
            logger.LogWarning("The system directory or database setting changed to {SysDir} / {Database}; restart the Scheduler to use it",
                places.SysDir, places.Database.Description);
        }
        _lastPlaces = places;
    }
}
