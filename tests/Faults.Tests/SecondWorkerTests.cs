namespace Tapline.Faults.Tests;

/// <summary>Two workers on one host, neither told where to listen (no ASPNETCORE_URLS).</summary>
public sealed class SecondWorkerTests
{
    [Fact]
    public async Task A_second_worker_on_the_same_host_starts_without_a_listen_address()
    {
        await using var f = await FaultFixture.CreateAsync();
        var unset = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "" };

        var first = f.StartWorker(concurrency: 1, unset);
        var second = f.StartWorker(concurrency: 1, unset);
        await first.WaitForOutputAsync("started: concurrency", TimeSpan.FromMinutes(2));
        await second.WaitForOutputAsync("started: concurrency", TimeSpan.FromMinutes(2));

        Assert.False(first.HasExited, first.Output);
        Assert.False(second.HasExited, second.Output);
        Assert.DoesNotContain("address already in use", first.Output + second.Output, StringComparison.OrdinalIgnoreCase);
    }
}
