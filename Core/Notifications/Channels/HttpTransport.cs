using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Tapline.Core.Notifications.Channels;

/// <summary>
/// Webhook (the event as JSON, signed) and Slack-compatible incoming webhook (<c>{"text": ...}</c>): one POST each.
/// </summary>
public sealed class HttpTransport(HttpClient http) : INotificationTransport
{
    public const string SignatureHeader = "X-Tapline-Signature";

    /// <summary>Lowercase hex HMAC-SHA256 of the exact body bytes, keyed with the channel's secret.</summary>
    public static string Sign(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public async Task<DeliveryResult> SendOnceAsync(NotificationChannel channel, NotificationMessage message, CancellationToken cancellationToken)
    {
        var json = channel.Type == ChannelType.Slack ? new JsonObject { ["text"] = message.Text }.ToJsonString() : message.ToJson();
        var body = Encoding.UTF8.GetBytes(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd("Tapline-Notifier/1");
        if (channel.Type == ChannelType.Webhook && channel.Secret is { Length: > 0 } secret)
        {
            request.Headers.Add(SignatureHeader, Sign(secret, body));
        }
        request.Headers.Add("X-Tapline-Event", message.Event.Kind);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(channel.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? DeliveryResult.Success(status)
                : new DeliveryResult(false, status, $"the receiver answered {status} {response.ReasonPhrase}", status >= 500 || status == 429);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult(false, null, $"no answer within {channel.Timeout.TotalSeconds:0.#} s", true);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryResult(false, null, e.InnerException?.Message ?? e.Message, true);
        }
    }
}
