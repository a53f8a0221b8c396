using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Tapline.Core.Notifications.Channels;

/// <summary>E-mail through an SMTP server with MailKit: STARTTLS (required when asked), implicit TLS or none; optional auth.</summary>
public sealed class SmtpTransport : INotificationTransport
{
    public async Task<DeliveryResult> SendOnceAsync(NotificationChannel channel, NotificationMessage message, CancellationToken cancellationToken)
    {
        var smtp = channel.Smtp ?? throw new InvalidOperationException($"channel '{channel.Name}' has no SMTP options");
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        foreach (var to in smtp.To)
        {
            mail.To.Add(MailboxAddress.Parse(to));
        }
        mail.Subject = message.Subject;
        mail.Body = new TextPart("plain") { Text = message.Text };
        mail.Headers.Add("X-Tapline-Event", message.Event.Kind);

        using var client = new SmtpClient { Timeout = (int)channel.Timeout.TotalMilliseconds };
        try
        {
            var options = smtp.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(smtp.Host, smtp.Port, options, cancellationToken);
            if (smtp.Username is { Length: > 0 } user)
            {
                await client.AuthenticateAsync(user, smtp.Password ?? "", cancellationToken);
            }
            var reply = await client.SendAsync(mail, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return DeliveryResult.Success(ReplyCode(reply) ?? 250);
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            return new DeliveryResult(false, code, $"the SMTP server refused: {code} {e.Message}", code is >= 400 and < 500);
        }
        catch (AuthenticationException e)
        {
            return new DeliveryResult(false, 535, $"SMTP authentication failed: {e.Message}", false);
        }
        catch (Exception e) when (e is SmtpProtocolException or ServiceNotConnectedException or IOException
                                      or System.Net.Sockets.SocketException or TimeoutException or NotSupportedException)
        {
            return new DeliveryResult(false, null, $"SMTP {smtp.Host}:{smtp.Port}: {e.Message}", e is not NotSupportedException);
        }
    }

    // MailKit answers "2.0.0 Ok: queued as ..." text; the code is the reply's first three digits when given.
    private static int? ReplyCode(string reply) =>
        reply.Length >= 3 && int.TryParse(reply.AsSpan(0, 3), out var code) ? code : null;
}
