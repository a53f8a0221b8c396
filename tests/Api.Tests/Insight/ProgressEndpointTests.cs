using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Runs;

namespace Tapline.Api.Tests.Insight;

public sealed class ProgressEndpointTests : IAsyncLifetime
{
    private const string Metrics = """
        {"streams":{"orders":{"counters":{"record_count":300},"timers":{},"http":{"requests":12,"errors":2,"p50":0.12,"p95":0.8,"max":1.1},"series":[[0,0],[3,100],[6,300]]}}}
        """;

    private readonly ApiHost _host = new();
    private HttpClient _viewer = null!;

    public async Task InitializeAsync()
    {
        await _host.AddUserAsync("bob", Roles.Viewer, Secrets.ViewerPassword);
        _viewer = _host.ClientWithToken(await _host.LoginAsync("bob", Secrets.ViewerPassword));
    }

    public Task DisposeAsync()
    {
        _viewer.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_viewer_reads_a_running_runs_stream_totals_records_per_second_and_metrics()
    {
        var run = await _host.AddRunAsync(r =>
        {
            r.Status = RunStatus.Running;
            r.StreamCounts = """{"orders":{"records":300,"bytes":30000}}""";
            r.Records = 300;
            r.Metrics = Metrics;
        });

        var progress = await _viewer.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{run.Id}/progress");

        Assert.Equal("running", progress.GetProperty("status").GetString());
        var stream = Assert.Single(progress.GetProperty("streams").EnumerateArray());
        Assert.Equal("orders", stream.GetProperty("stream").GetString());
        Assert.Equal(30000, stream.GetProperty("bytes").GetInt64());
        // (300 - 100) records over the last 3 s between samples.
        Assert.Equal(66.7, stream.GetProperty("recordsPerSecond").GetDouble());
        var http = progress.GetProperty("metrics").GetProperty("streams").GetProperty("orders").GetProperty("http");
        Assert.Equal(2, http.GetProperty("errors").GetInt64());
        Assert.Equal(0.8, http.GetProperty("p95").GetDouble());
    }

    [Fact]
    public async Task The_progress_stream_of_an_ended_run_sends_its_final_progress_as_the_end_event()
    {
        var run = await _host.AddRunAsync(r =>
        {
            r.Status = RunStatus.Success;
            r.StreamCounts = """{"orders":{"records":300,"bytes":30000}}""";
            r.Records = 300;
        });

        var body = await _viewer.GetStringAsync($"/api/v1/runs/{run.Id}/progress/stream");

        Assert.StartsWith("event: end\n", body, StringComparison.Ordinal);
        Assert.Contains("\"records\":300", body, StringComparison.Ordinal);
        Assert.Contains("\"recordsPerSecond\":null", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_progress_stream_of_a_running_run_sends_progress_then_the_end_once_it_ended()
    {
        var run = await _host.AddRunAsync(r =>
        {
            r.Status = RunStatus.Running;
            r.StreamCounts = """{"orders":{"records":100,"bytes":10000}}""";
        });
        using var response = await _viewer.GetAsync($"/api/v1/runs/{run.Id}/progress/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("event: progress", await reader.ReadLineAsync());
        Assert.Contains("\"records\":100", await reader.ReadLineAsync(), StringComparison.Ordinal);
        await _host.UpdateRunAsync(run.Id, r =>
        {
            r.Status = RunStatus.Failed;
            r.StreamCounts = """{"orders":{"records":150,"bytes":15000}}""";
        });
        var rest = await reader.ReadToEndAsync();
        Assert.Contains("event: end", rest, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"failed\"", rest, StringComparison.Ordinal);
        Assert.Contains("\"records\":150", rest, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/runs/999/progress")]
    [InlineData("/api/v1/runs/999/progress/stream")]
    public async Task Progress_of_an_unknown_run_is_a_404_problem(string url) =>
        await ProblemAssert.IsProblemAsync(await _viewer.GetAsync(url), HttpStatusCode.NotFound);

    [Fact]
    public async Task Progress_needs_a_signed_in_caller()
    {
        var run = await _host.AddRunAsync();
        using var anonymous = _host.ClientWithToken(null);

        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync($"/api/v1/runs/{run.Id}/progress"), HttpStatusCode.Unauthorized);
    }
}
