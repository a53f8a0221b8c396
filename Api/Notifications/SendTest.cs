using Mediator;
using Tapline.Api.Errors;
using Tapline.Core.Notifications;

namespace Tapline.Api.Notifications;

/// <summary>POST /notifications/channels/{name}/test: "Send test" — delivered with retries, logged like any delivery.</summary>
public sealed record SendTestCommand(string Name, string? By) : ICommand<TestResultView>;

public sealed class SendTestHandler(NotificationConfigAccess config, NotificationSender sender, TimeProvider clock) : ICommandHandler<SendTestCommand, TestResultView>
{
    public async ValueTask<TestResultView> Handle(SendTestCommand command, CancellationToken cancellationToken)
    {
        var settings = await config.LoadAsync(cancellationToken);
        if (!settings.Channels.TryGetValue(command.Name, out var channel))
        {
            throw ApiProblem.NotFound($"There is no notification channel '{command.Name}'.");
        }
        var result = await sender.SendAsync(channel, NotificationSender.TestMessage(command.Name, clock.GetUtcNow().UtcDateTime, command.By), cancellationToken);
        return new TestResultView(result.Ok, result.StatusCode, result.Error, result.ToString());
    }
}
