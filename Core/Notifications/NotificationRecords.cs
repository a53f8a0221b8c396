namespace Tapline.Core.Notifications;

/// <summary>One attempt to deliver one message to one channel (<c>notification_deliveries</c>), shown in the delivery log.</summary>
public sealed class NotificationDeliveryRecord
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Channel { get; set; }
    public required string ChannelType { get; set; }
    public required string EventKind { get; set; }
    public Guid? RunId { get; set; }
    public string? Pipeline { get; set; }
    public int Attempt { get; set; }
    public bool Ok { get; set; }
    /// <summary>HTTP status of a webhook/Slack answer, or the SMTP reply code.</summary>
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public long DurationMs { get; set; }
}

/// <summary>A named value the notifier keeps across restarts (<c>notification_marks</c>): its cursor, its lease, schedule errors seen.</summary>
public sealed class NotificationMarkRecord
{
    public required string Key { get; set; }
    public string? Value { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A terminal run the notifier has handled (<c>notification_runs</c>); the primary key makes handling it twice impossible.</summary>
public sealed class NotificationRunClaimRecord
{
    public Guid RunId { get; set; }
    public DateTime ClaimedAt { get; set; }
    public required string ClaimedBy { get; set; }
}

/// <summary>
/// The grouping window of one rule + event kind + pipeline (<c>notification_groups</c>): when a message last went
/// out, and how many events were counted instead of sent since.
/// </summary>
public sealed class NotificationGroupRecord
{
    public required string Key { get; set; }
    public int RuleIndex { get; set; }
    public required string EventKind { get; set; }
    public string? Pipeline { get; set; }
    public string? Schedule { get; set; }
    public string? Job { get; set; }
    public DateTime LastSentAt { get; set; }
    public DateTime WindowEndsAt { get; set; }
    public int Suppressed { get; set; }
    public string? LastError { get; set; }
}

/// <summary>The notifications configuration saved from the UI when the project is read-only (<c>notification_config</c>, one row).</summary>
public sealed class NotificationConfigRecord
{
    public int Id { get; set; }
    /// <summary>YAML of the <c>notifications</c> mapping, $VAR references as written.</summary>
    public required string Yaml { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
