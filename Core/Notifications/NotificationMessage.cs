using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Tapline.Core.Notifications;

/// <summary>
/// What is sent for one event, or for a group of events counted during a window: the one text every channel shows
/// (Slack's <c>text</c>, the e-mail body) and the webhook's JSON body.
/// </summary>
public sealed record NotificationMessage(NotificationEvent Event)
{
    /// <summary>Events of the same rule, kind and pipeline counted instead of sent since <see cref="Since"/>.</summary>
    public int GroupedCount { get; init; }
    public DateTime? Since { get; init; }

    /// <summary>The UI's address (<see cref="NotificationSettings.UiBaseUrl"/>); null means no link.</summary>
    public string? UiBaseUrl { get; init; }

    /// <summary>The run's page in the web UI (the SPA's <c>runs/:id</c> route: status, log, metrics), when both are known.</summary>
    public string? RunUrl => Event.RunId is { } run && UiBaseUrl is { Length: > 0 } ui ? $"{ui}/runs/{run}" : null;

    public string Subject => $"[Tapline] {Event.Summary}";

    public string Text
    {
        get
        {
            var text = new StringBuilder(Event.Summary);
            if (GroupedCount > 0 && Since is { } since)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{GroupedCount} more {Noun(Event.Kind, GroupedCount)} since {since:yyyy-MM-dd HH:mm:ss}Z.");
            }
            if (Event.Error is { Length: > 0 } error)
            {
                text.Append("\nError: ").Append(error);
            }
            if (Event.RunId is { } run)
            {
                text.Append("\nRun: ").Append(run);
            }
            if (RunUrl is { } url)
            {
                text.Append("\nLog: ").Append(url);
            }
            return text.ToString();
        }
    }

    private static string Noun(string kind, int n) => kind switch
    {
        NotificationEventKinds.RunRecovered => n == 1 ? "recovery" : "recoveries",
        NotificationEventKinds.ScheduleBroken => n == 1 ? "schedule error" : "schedule errors",
        NotificationEventKinds.FreshnessBreached => n == 1 ? "freshness breach" : "freshness breaches",
        NotificationEventKinds.RunDead => n == 1 ? "dead run" : "dead runs",
        NotificationEventKinds.RunStalled => n == 1 ? "stalled run" : "stalled runs",
        _ => n == 1 ? "failure" : "failures",
    };

    /// <summary>The webhook body (snake_case, as Tapline's settings are spelled).</summary>
    public string ToJson() => new JsonObject
    {
        ["event"] = Event.Kind,
        ["at"] = Event.At.ToString("O", CultureInfo.InvariantCulture),
        ["summary"] = Event.Summary,
        ["text"] = Text,
        ["run_id"] = Event.RunId?.ToString(),
        ["url"] = RunUrl,
        ["pipeline"] = Event.Pipeline,
        ["schedule"] = Event.Schedule,
        ["job"] = Event.Job,
        ["status"] = Event.Status,
        ["error"] = Event.Error,
        ["stream"] = Event.Stream,
        ["grouped"] = GroupedCount > 0
            ? new JsonObject { ["count"] = GroupedCount, ["since"] = Since?.ToString("O", CultureInfo.InvariantCulture) }
            : null,
    }.ToJsonString();
}
