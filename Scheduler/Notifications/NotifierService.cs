using Tapline.Core.Audit;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.State;
using Tapline.Core.Notifications;
using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Scheduler.Hosting;
using Tapline.Scheduler.Triggers;

namespace Tapline.Scheduler.Notifications;

/// <summary>
/// The notifier in the always-on Scheduler: every <c>scheduler:notify_interval</c> (5 s) one <see cref="Notifier"/>
/// pass (leased, so of several replicas one sends), and once an hour the audit log prune (<c>audit.retention_days</c>).
/// A broken notifications configuration is logged (file:line) and the pass skipped: events wait, none is dropped.
/// </summary>
public sealed class NotifierService(
    SchedulerOptions options, SystemDbContextFactory database, ScheduleCatalog schedules, IConfiguration configuration, TimeProvider clock,
    ILogger<NotifierService> logger) : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private string? _lastProblem;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration["scheduler:notify_interval"] is { Length: > 0 } text ? ProjectSettings.ParseDuration(text) : TimeSpan.FromSeconds(5);
        using var http = new HttpClient();
        var sender = new NotificationSender(http, database, clock);
        var freshness = new FreshnessBreachSource(schedules, new StateStore(database, clock), clock);
        var notifier = new Notifier(database, sender, LoadSettingsAsync, $"{Environment.MachineName}:{Environment.ProcessId}", clock, logger, freshness);
        var audit = new AuditLog(database, clock);
        var lastPrune = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await notifier.RunPassAsync(stoppingToken);
                Report(null);
                if (clock.GetUtcNow() - lastPrune >= PruneEvery)
                {
                    lastPrune = clock.GetUtcNow();
                    await PruneAuditAsync(audit, stoppingToken);
                }
            }
            catch (Exception e) when (e is NotificationConfigException or ProjectException or SettingsException)
            {
                Report(e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Notifier pass failed ({Error}); trying again", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private ProjectContext OpenProject() => ProjectContext.Open(new ProjectOpenOptions { Cwd = options.ProjectRoot, Environment = options.Environment });

    private Task<NotificationSettings> LoadSettingsAsync(CancellationToken cancellationToken) =>
        NotificationConfigStore.LoadAsync(OpenProject(), database, cancellationToken);

    private async Task PruneAuditAsync(AuditLog audit, CancellationToken cancellationToken)
    {
        var days = OpenProject().Settings.Resolved["audit.retention_days"] is long d ? d : 365;
        if (days > 0)
        {
            var pruned = await audit.PruneAsync(TimeSpan.FromDays(days), cancellationToken);
            if (pruned > 0)
            {
                logger.LogInformation("Pruned {Count} audit log rows older than {Days} days", pruned, days);
            }
        }
    }

    // Say a configuration problem once, not every five seconds, and say when it is fixed.
    private void Report(string? problem)
    {
        if (problem == _lastProblem)
        {
            return;
        }
        if (problem is null)
        {
            logger.LogInformation("Notifications configuration reads again; sending resumes");
        }
        else
        {
            logger.LogError("Notifications are paused until the configuration is fixed: {Problem}", problem);
        }
        _lastProblem = problem;
    }
}
