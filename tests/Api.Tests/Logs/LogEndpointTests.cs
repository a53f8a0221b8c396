using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tapline.Api.Access;
using Tapline.Api.Tests.Support;
using Tapline.Core.Data.Runs;

namespace Tapline.Api.Tests.Logs;

public sealed class LogEndpointTests : IAsyncLifetime
{
    private readonly ApiHost _host = new();
    private HttpClient _client = null!;
    private string _log = null!;
    private long _run;

    public async Task InitializeAsync()
    {
        await _host.AddUserAsync("ada", Roles.Admin, Secrets.AdminPassword);
        _client = _host.ClientWithToken(await _host.LoginAsync("ada", Secrets.AdminPassword));
        _log = Path.Combine(_host.LogRoot, "elt", "dev:tap-csv-to-target-jsonl", Guid.NewGuid().ToString(), "elt.log");
        Directory.CreateDirectory(Path.GetDirectoryName(_log)!);
        await File.WriteAllLinesAsync(_log, Enumerable.Range(1, 500).Select(i => $"2026-11-24T22:00:01.123Z tap-csv | line {i}"));
        _run = (await _host.AddRunAsync(r => r.LogPath = _log)).Id;
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Whole_log_downloads_as_plain_text_attachment()
    {
        var response = await _client.GetAsync($"/api/v1/runs/{_run}/log");

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(await File.ReadAllTextAsync(_log), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Tail_returns_the_last_lines_and_the_next_line_number()
    {
        var tail = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{_run}/log/tail?lines=3");

        Assert.Equal(["2026-11-24T22:00:01.123Z tap-csv | line 498", "2026-11-24T22:00:01.123Z tap-csv | line 499", "2026-11-24T22:00:01.123Z tap-csv | line 500"],
            tail.GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToArray());
        Assert.Equal(500, tail.GetProperty("nextLine").GetInt64());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task Tail_outside_bounds_is_a_400_problem(int lines) =>
        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/v1/runs/{_run}/log/tail?lines={lines}"), HttpStatusCode.BadRequest);

    [Fact]
    public async Task Unknown_run_is_a_404_problem() =>
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/v1/runs/999/log"), HttpStatusCode.NotFound);

    [Theory]
    [InlineData("../../../../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData(".meltano/logs/../../meltano.yml")]
    [InlineData(".meltano/logs")]
    public async Task Runs_row_pointing_outside_the_log_directory_is_refused_on_every_log_endpoint(string logPath)
    {
        await File.WriteAllTextAsync(Path.Combine(_host.ProjectRoot, "meltano.yml"), "secret: true\n");
        var id = (await _host.AddRunAsync(r => r.LogPath = logPath)).Id;

        foreach (var url in new[] { $"/api/v1/runs/{id}/log", $"/api/v1/runs/{id}/log/tail", $"/api/v1/runs/{id}/log/stream" })
        {
            var detail = await ProblemAssert.IsProblemAsync(await _client.GetAsync(url), HttpStatusCode.Forbidden);
            Assert.Contains("outside the project's log directory", detail);
        }
    }

    [Fact]
    public async Task A_log_file_that_is_a_symlink_is_not_followed()
    {
        var link = Path.Combine(_host.LogRoot, "elt", "x", "y", "elt.log");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, "/etc/passwd");
        var id = (await _host.AddRunAsync(r => r.LogPath = link)).Id;

        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/v1/runs/{id}/log"), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/api/v1/runs/..%2F..%2Fetc%2Fpasswd/log")]
    [InlineData("/api/v1/runs/1%2F..%2F..%2F..%2Fetc%2Fpasswd/log")]
    public async Task Paths_in_the_url_never_reach_the_file_system(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stream_delivers_lines_appended_after_subscribing_and_ends_when_the_run_ends()
    {
        var live = Path.Combine(_host.LogRoot, "elt", "dev:live", "r", "elt.log");
        Directory.CreateDirectory(Path.GetDirectoryName(live)!);
        await File.WriteAllTextAsync(live, "first\nsecond\n");
        var id = (await _host.AddRunAsync(r => { r.LogPath = live; r.Status = RunStatus.Running; r.EndedAt = null; })).Id;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var response = await _client.GetAsync($"/api/v1/runs/{id}/log/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        Assert.Equal(new SseReader.Event("1", "message", "first"), await events.NextAsync(timeout.Token));
        Assert.Equal(new SseReader.Event("2", "message", "second"), await events.NextAsync(timeout.Token));

        await using (var writer = new StreamWriter(new FileStream(live, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)))
        {
            await writer.WriteAsync("third\nfourth is ");
            await writer.FlushAsync(timeout.Token);
            Assert.Equal(new SseReader.Event("3", "message", "third"), await events.NextAsync(timeout.Token));
            await writer.WriteAsync("complete\n");
        }
        Assert.Equal(new SseReader.Event("4", "message", "fourth is complete"), await events.NextAsync(timeout.Token));

        await File.AppendAllTextAsync(live, "last words\n", timeout.Token);
        await _host.UpdateRunAsync(id, r => { r.Status = RunStatus.Failed; r.EndedAt = DateTime.UtcNow; });

        Assert.Equal(new SseReader.Event("5", "message", "last words"), await events.NextAsync(timeout.Token));
        Assert.Equal(new SseReader.Event(null, "end", "failed"), await events.NextAsync(timeout.Token));
        Assert.True(await events.IsAtEndAsync(timeout.Token));
    }

    [Fact]
    public async Task Stream_resumes_after_the_last_event_id()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/runs/{_run}/log/stream");
        request.Headers.Add("Last-Event-ID", "498");

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var events = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        Assert.Equal("499", (await events.NextAsync(timeout.Token)).Id);
        Assert.Equal("500", (await events.NextAsync(timeout.Token)).Id);
        Assert.Equal(new SseReader.Event(null, "end", "success"), await events.NextAsync(timeout.Token));
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_refused_on_the_stream_and_everywhere_else()
    {
        var token = _client.DefaultRequestHeaders.Authorization!.Parameter;
        using var anonymous = _host.CreateClient();

        var stream = await anonymous.GetAsync($"/api/v1/runs/{_run}/log/stream?from=499&access_token={token}");
        var tail = await anonymous.GetAsync($"/api/v1/runs/{_run}/log/tail?access_token={token}");

        Assert.DoesNotContain(token!, await ProblemAssert.IsProblemAsync(stream, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(tail, HttpStatusCode.BadRequest);
    }
}
