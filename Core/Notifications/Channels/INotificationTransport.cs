namespace Tapline.Core.Notifications.Channels;

/// <summary>Sends one message to one channel once; retries and the delivery log belong to <see cref="NotificationSender"/>.</summary>
public interface INotificationTransport
{
    Task<DeliveryResult> SendOnceAsync(NotificationChannel channel, NotificationMessage message, CancellationToken cancellationToken);
}
