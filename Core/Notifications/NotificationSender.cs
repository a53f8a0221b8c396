using System.Diagnostics;
using Tapline.Core.Data.Database;
using Tapline.Core.Notifications.Channels;

namespace Tapline.Core.Notifications;

/// <summary>
/// Delivers a message to a channel: up to <see cref="MaxAttempts"/> attempts, waiting <see cref="Backoff"/> doubled
/// each time, while the failure is retryable (timeout, refused connection, 5xx); writes one delivery log row per
/// attempt (<c>notification_deliveries</c>) when it has a database.
/// </summary>
public sealed class NotificationSender(HttpClient http, SystemDbContextFactory? database, TimeProvider? clock = null)
{
    private readonly HttpTransport _http = new(http);
    private readonly SmtpTransport _smtp = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public int MaxAttempts { get; init; } = 3;
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(2);

    public async Task<DeliveryResult> SendAsync(NotificationChannel channel, NotificationMessage message, CancellationToken cancellationToken)
    {
        INotificationTransport transport = channel.Type == ChannelType.Email ? _smtp : _http;
        DeliveryResult result = new(false, null, "not attempted", false);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            result = await transport.SendOnceAsync(channel, message, cancellationToken);
            await LogAsync(channel, message, attempt, result, Stopwatch.GetElapsedTime(started), cancellationToken);
            if (result.Ok || !result.Retryable || attempt == MaxAttempts)
            {
                break;
            }
            await Task.Delay(Backoff * Math.Pow(2, attempt - 1), _clock, cancellationToken);
        }
        return result;
    }

    private async Task LogAsync(NotificationChannel channel, NotificationMessage message, int attempt, DeliveryResult result, TimeSpan took,
        CancellationToken cancellationToken)
    {
        if (database is null)
        {
            return;
        }
        // Plain SQL, the columns and formats EF's model maps NotificationDeliveryRecord to: `tapline notify` runs it.
        var sql = database.Sql;
        await using var connection = await sql.OpenAsync(cancellationToken);
        await using var insert = sql.Command(connection, """
            INSERT INTO notification_deliveries (at, channel, channel_type, event_kind, run_id, pipeline, attempt, ok, status_code, error, duration_ms)
            VALUES (@at, @channel, @channel_type, @event_kind, @run_id, @pipeline, @attempt, @ok, @status_code, @error, @duration_ms)
            """, null,
            ("at", _clock.GetUtcNow().UtcDateTime), ("channel", channel.Name), ("channel_type", channel.Type.ToString().ToLowerInvariant()),
            ("event_kind", message.Event.Kind), ("run_id", message.Event.RunId), ("pipeline", message.Event.Pipeline), ("attempt", attempt),
            ("ok", result.Ok), ("status_code", result.StatusCode), ("error", result.Error is { Length: > 1000 } e ? e[..1000] : result.Error),
            ("duration_ms", (long)took.TotalMilliseconds));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The message "Send test" and <c>tapline notify test</c> deliver.</summary>
    public static NotificationMessage TestMessage(string channel, DateTime now, string? by) =>
        new(new NotificationEvent(NotificationEventKinds.Test, now,
            $"Test notification for channel '{channel}'{(by is null ? "" : $" sent by {by}")}: Tapline can reach you."));
}
