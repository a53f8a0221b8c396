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
        await using var db = database.CreateDbContext();
        db.NotificationDeliveries.Add(new NotificationDeliveryRecord
        {
            At = _clock.GetUtcNow().UtcDateTime,
            Channel = channel.Name,
            ChannelType = channel.Type.ToString().ToLowerInvariant(),
            EventKind = message.Event.Kind,
            RunId = message.Event.RunId,
            Pipeline = message.Event.Pipeline,
            Attempt = attempt,
            Ok = result.Ok,
            StatusCode = result.StatusCode,
            Error = result.Error is { Length: > 1000 } e ? e[..1000] : result.Error,
            DurationMs = (long)took.TotalMilliseconds,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The message "Send test" and <c>tapline notify test</c> deliver.</summary>
    public static NotificationMessage TestMessage(string channel, DateTime now, string? by) =>
        new(new NotificationEvent(NotificationEventKinds.Test, now,
            $"Test notification for channel '{channel}'{(by is null ? "" : $" sent by {by}")}: Tapline can reach you."));
}
