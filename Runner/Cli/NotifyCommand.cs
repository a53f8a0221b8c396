using System.CommandLine;
using Tapline.Core.Notifications;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline notify test CHANNEL</c>: sends the test message through a configured channel (meltano.yml's
/// <c>annotations.tapline.notifications</c>, or the copy in the system database), with the notifier's retries and a
/// delivery log row per attempt, and says what came of it. Exit 1 with one line when it was not delivered.
/// </summary>
public static class NotifyCommand
{
    public static Command Create()
    {
        var command = new Command("notify", "Notification channels");
        var channel = new Argument<string>("CHANNEL") { Description = "A channel name under annotations.tapline.notifications.channels" };
        var test = new Command("test", "Send a test message through a channel") { channel };
        CliAction.Set(test, async (parse, ct) =>
        {
            var context = CliGlobals.OpenProject(parse);
            var database = await CliDatabase.OpenAsync(context, ct);
            var settings = await NotificationConfigStore.LoadAsync(context, database, ct);
            var name = parse.GetValue(channel)!;
            if (!settings.Channels.TryGetValue(name, out var target))
            {
                throw new UsageException(settings.Channels.Count == 0
                    ? $"there is no channel '{name}': no channels are configured (annotations.tapline.notifications.channels in meltano.yml)"
                    : $"there is no channel '{name}' (configured: {string.Join(", ", settings.Channels.Keys.Order())})");
            }
            using var http = new HttpClient();
            var sender = new NotificationSender(http, database);
            var result = await sender.SendAsync(target, NotificationSender.TestMessage(name, DateTime.UtcNow, Environment.UserName), ct);
            var what = $"channel '{name}' ({target.Type.ToString().ToLowerInvariant()})";
            if (!result.Ok)
            {
                await Console.Error.WriteLineAsync($"error: {what}: {result}");
                return CliExit.Error;
            }
            Console.WriteLine($"Test message to {what}: {result}");
            return CliExit.Ok;
        });
        command.Add(test);
        return command;
    }
}
