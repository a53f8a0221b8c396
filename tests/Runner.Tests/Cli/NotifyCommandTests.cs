using Tapline.TestSupport;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

public class NotifyCommandTests
{
    private static string Project(string url) => TempProject($$"""
        version: 1
        annotations:
          tapline:
            notifications:
              channels:
                oncall: {type: webhook, url: '{{url}}', secret: $HOOK_SECRET}
        """);

    [Fact]
    public async Task Notify_test_delivers_the_signed_test_message_and_prints_the_result()
    {
        await using var receiver = new WebhookReceiver();
        var root = Project(receiver.Url);

        var result = await RunAsync(["--cwd", root, "notify", "test", "oncall"], env: new Dictionary<string, string> { ["HOOK_SECRET"] = "k" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Test message to channel 'oncall' (webhook): delivered (200)", result.Stdout);
        var received = Assert.Single(receiver.Requests);
        Assert.Contains("\"event\":\"test\"", received.Body);
        Assert.Equal(64, received.Headers["X-Tapline-Signature"].Length);
    }

    [Fact]
    public async Task Notify_test_to_a_refusing_receiver_exits_1_with_one_line()
    {
        await using var receiver = new WebhookReceiver();
        receiver.Answers.Enqueue(404);
        var root = Project(receiver.Url);

        var result = await RunAsync(["--cwd", root, "notify", "test", "oncall"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: channel 'oncall' (webhook): failed (404): the receiver answered 404 Not Found", result.Stderr.Trim());
    }

    [Fact]
    public async Task Notify_test_of_an_unknown_channel_names_the_configured_ones()
    {
        var root = Project("http://127.0.0.1:9/hook");

        var result = await RunAsync(["--cwd", root, "notify", "test", "pager"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("there is no channel 'pager' (configured: oncall)", result.Stderr);
    }
}
