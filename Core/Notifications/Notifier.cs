using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Runs;

namespace Tapline.Core.Notifications;

/// <summary>
/// One pass of the notifier (the Scheduler runs it every few seconds): take the lease, read terminal runs since the
/// durable cursor and schedule_status errors, turn them into events, match the rules, group, send, and flush
/// windows that counted events. Everything it must remember lives in the system database, so a restart neither loses
/// nor repeats an event and a second replica waits for the lease instead of sending twice.
/// </summary>
public sealed class Notifier(
    SystemDbContextFactory database,
    NotificationSender sender,
    Func<CancellationToken, Task<NotificationSettings>> settings,
    string holder,
    TimeProvider? clock = null,
    ILogger? logger = null,
    IFreshnessBreachSource? freshness = null)
{
    public const string CursorKey = "runs_cursor";
    public const string LeaseKey = "lease";
    public const string ScheduleErrorPrefix = "schedule_error:";

    /// <summary>A run whose end was committed late may carry an earlier ended_at than the cursor: look back this far (claims dedupe).</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan LeaseFor = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    // Statuses are named as text; one this build's enum lacks (e.g. "stalled" before run-ops) is simply not queried.
    private static readonly RunStatus[] Watched = new[] { "success", "failed", "dead", "stalled" }
        .Select(s => Enum.TryParse<RunStatus>(s, ignoreCase: true, out var v) ? v : (RunStatus?)null)
        .OfType<RunStatus>().ToArray();

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <summary>Returns false when another replica holds the lease (nothing was done).</summary>
    public async Task<bool> RunPassAsync(CancellationToken cancellationToken)
    {
        if (!await TryLeaseAsync(cancellationToken))
        {
            return false;
        }
        var config = await settings(cancellationToken);
        var events = new List<NotificationEvent>();
        events.AddRange(await RunEventsAsync(cancellationToken));
        events.AddRange(await ScheduleEventsAsync(cancellationToken));
        if (freshness is not null)
        {
            events.AddRange(await freshness.BreachesAsync(Now, cancellationToken));
        }
        foreach (var e in events)
        {
            await DispatchAsync(config, e, cancellationToken);
        }
        await FlushAsync(config, cancellationToken);
        return true;
    }

    private async Task<bool> TryLeaseAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        var staleBefore = now - LeaseFor;
        await using var db = database.CreateDbContext();
        var taken = await db.NotificationMarks
            .Where(m => m.Key == LeaseKey && (m.Value == holder || m.UpdatedAt < staleBefore))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Value, holder).SetProperty(m => m.UpdatedAt, now), cancellationToken);
        if (taken == 1)
        {
            return true;
        }
        if (await db.NotificationMarks.AnyAsync(m => m.Key == LeaseKey, cancellationToken))
        {
            return false;
        }
        db.NotificationMarks.Add(new NotificationMarkRecord { Key = LeaseKey, Value = holder, UpdatedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return false;
        }
    }

    private async Task<List<NotificationEvent>> RunEventsAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        var cursorMark = await db.NotificationMarks.FindAsync([CursorKey], cancellationToken);
        if (cursorMark is null)
        {
            // First start: runs that ended before the notifier existed are history, not news.
            db.NotificationMarks.Add(new NotificationMarkRecord { Key = CursorKey, Value = Now.ToString("O"), UpdatedAt = Now });
            await db.SaveChangesAsync(cancellationToken);
            return [];
        }
        var cursor = DateTime.Parse(cursorMark.Value!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        var since = cursor - Lookback;
        var ended = await db.Runs.AsNoTracking()
            .Where(r => r.EndedAt != null && r.EndedAt >= since && Watched.Contains(r.Status))
            .Where(r => !db.NotificationRuns.Any(c => c.RunId == r.RunId))
            .OrderBy(r => r.EndedAt).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.RunId, r.StateId, r.Status, r.ScheduleName, r.JobName, r.EndedAt, r.Error })
            .Take(500)
            .ToListAsync(cancellationToken);
        var events = new List<NotificationEvent>();
        foreach (var run in ended)
        {
            db.NotificationRuns.Add(new NotificationRunClaimRecord { RunId = run.RunId, ClaimedAt = Now, ClaimedBy = holder });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                db.ChangeTracker.Clear();
                continue;
            }
            var status = run.Status.ToString().ToLowerInvariant();
            var kind = NotificationEventKinds.ForFailedStatus(status);
            if (kind is null)
            {
                var previous = await db.Runs.AsNoTracking()
                    .Where(r => r.StateId == run.StateId && r.Id != run.Id && r.EndedAt != null && r.EndedAt <= run.EndedAt && Watched.Contains(r.Status))
                    .OrderByDescending(r => r.EndedAt).ThenByDescending(r => r.Id)
                    .Select(r => (RunStatus?)r.Status).FirstOrDefaultAsync(cancellationToken);
                if (previous is not { } before || !before.IsFailure())
                {
                    continue;
                }
                kind = NotificationEventKinds.RunRecovered;
            }
            var label = run.ScheduleName is { } s ? $"schedule '{s}'" : run.JobName is { } j ? $"job '{j}'" : run.StateId;
            events.Add(new NotificationEvent(kind, run.EndedAt!.Value, Summary(kind, label, run.StateId))
            {
                RunId = run.RunId,
                Pipeline = run.StateId,
                Schedule = run.ScheduleName,
                Job = run.JobName,
                Status = status,
                Error = run.Error,
            });
        }
        if (ended.Count > 0 && ended[^1].EndedAt > cursor)
        {
            cursorMark.Value = ended[^1].EndedAt!.Value.ToString("O");
            cursorMark.UpdatedAt = Now;
        }
        var forget = Now - TimeSpan.FromDays(1);
        await db.SaveChangesAsync(cancellationToken);
        await db.NotificationRuns.Where(c => c.ClaimedAt < forget).ExecuteDeleteAsync(cancellationToken);
        return events;
    }

    private static string Summary(string kind, string label, string stateId) => kind switch
    {
        NotificationEventKinds.RunFailed => $"Run of {label} failed ({stateId})",
        NotificationEventKinds.RunDead => $"Run of {label} is dead: its runner stopped answering ({stateId})",
        NotificationEventKinds.RunStalled => $"Run of {label} stalled: no progress within its stall timeout ({stateId})",
        NotificationEventKinds.RunRecovered => $"Run of {label} succeeded again after failures ({stateId})",
        _ => $"{kind}: {label}",
    };

    private async Task<List<NotificationEvent>> ScheduleEventsAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        var statuses = await db.ScheduleStatus.AsNoTracking().Select(s => new { s.Name, s.Error }).ToListAsync(cancellationToken);
        var seen = await db.NotificationMarks.Where(m => m.Key.StartsWith(ScheduleErrorPrefix)).ToDictionaryAsync(m => m.Key, cancellationToken);
        var events = new List<NotificationEvent>();
        foreach (var status in statuses)
        {
            var key = ScheduleErrorPrefix + status.Name;
            seen.Remove(key, out var mark);
            if (status.Error is null)
            {
                if (mark is not null)
                {
                    db.NotificationMarks.Remove(mark);
                }
                continue;
            }
            if (mark?.Value == status.Error)
            {
                continue;
            }
            if (mark is null)
            {
                db.NotificationMarks.Add(new NotificationMarkRecord { Key = key, Value = status.Error, UpdatedAt = Now });
            }
            else
            {
                mark.Value = status.Error;
                mark.UpdatedAt = Now;
            }
            events.Add(new NotificationEvent(NotificationEventKinds.ScheduleBroken, Now, $"Schedule '{status.Name}' cannot run")
            {
                Pipeline = status.Name,
                Schedule = status.Name,
                Error = status.Error,
            });
        }
        // Schedules removed from meltano.yml: forget their errors.
        db.NotificationMarks.RemoveRange(seen.Values);
        await db.SaveChangesAsync(cancellationToken);
        return events;
    }

    /// <summary>Matches an event against the rules; the first of a window is sent, the rest are counted.</summary>
    public async Task DispatchAsync(NotificationSettings config, NotificationEvent e, CancellationToken cancellationToken)
    {
        foreach (var rule in config.Rules.Where(r => r.Matches(e)))
        {
            var key = $"{rule.Index}|{e.Kind}|{e.Pipeline}|{e.Stream}";
            await using var db = database.CreateDbContext();
            var group = await db.NotificationGroups.FindAsync([key], cancellationToken);
            var now = Now;
            if (group is not null && now < group.WindowEndsAt)
            {
                group.Suppressed++;
                group.LastError = e.Error;
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }
            var message = new NotificationMessage(e) { GroupedCount = group?.Suppressed ?? 0, Since = group?.LastSentAt, UiBaseUrl = config.UiBaseUrl };
            if (group is null)
            {
                group = new NotificationGroupRecord { Key = key, EventKind = e.Kind };
                db.NotificationGroups.Add(group);
            }
            (group.RuleIndex, group.Pipeline, group.Schedule, group.Job) = (rule.Index, e.Pipeline, e.Schedule, e.Job);
            (group.LastSentAt, group.WindowEndsAt, group.Suppressed, group.LastError) = (now, now + rule.GroupWindow, 0, null);
            // The window is recorded before sending: a crash mid-send loses one message rather than repeating a burst.
            await db.SaveChangesAsync(cancellationToken);
            await SendToAsync(config, rule, message, cancellationToken);
        }
    }

    /// <summary>Windows that ended with counted events send one message with the count.</summary>
    public async Task FlushAsync(NotificationSettings config, CancellationToken cancellationToken)
    {
        await using var db = database.CreateDbContext();
        var now = Now;
        var due = await db.NotificationGroups.Where(g => g.Suppressed > 0 && g.WindowEndsAt <= now).ToListAsync(cancellationToken);
        foreach (var group in due)
        {
            var rule = config.Rules.FirstOrDefault(r => r.Index == group.RuleIndex && r.Events.Contains(group.EventKind));
            var message = new NotificationMessage(new NotificationEvent(group.EventKind, now,
                $"{Ongoing(group.EventKind)}: {group.Schedule ?? group.Job ?? group.Pipeline}")
            {
                Pipeline = group.Pipeline,
                Schedule = group.Schedule,
                Job = group.Job,
                Error = group.LastError,
            }) { GroupedCount = group.Suppressed, Since = group.LastSentAt, UiBaseUrl = config.UiBaseUrl };
            (group.LastSentAt, group.WindowEndsAt, group.Suppressed, group.LastError) = (now, now + (rule?.GroupWindow ?? NotificationSettings.DefaultGroupWindow), 0, null);
            await db.SaveChangesAsync(cancellationToken);
            if (rule is not null)
            {
                await SendToAsync(config, rule, message, cancellationToken);
            }
        }
    }

    private static string Ongoing(string kind) => kind switch
    {
        NotificationEventKinds.RunRecovered => "Recovered again",
        NotificationEventKinds.ScheduleBroken => "Schedule still cannot run",
        NotificationEventKinds.FreshnessBreached => "Still late",
        _ => "Still failing",
    };

    private async Task SendToAsync(NotificationSettings config, NotificationRule rule, NotificationMessage message, CancellationToken cancellationToken)
    {
        foreach (var name in rule.Channels)
        {
            if (!config.Channels.TryGetValue(name, out var channel))
            {
                continue;
            }
            var result = await sender.SendAsync(channel, message, cancellationToken);
            if (!result.Ok)
            {
                _logger.LogWarning("Notification {Event} to channel {Channel} not delivered: {Error}", message.Event.Kind, name, result.Error);
            }
        }
    }
}
