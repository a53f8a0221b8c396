using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Tapline.AppHost.Tests.Telemetry;

namespace Tapline.AppHost.Tests;

/// <summary>
/// Issue 8's must-show: the AppHost in local PostgreSQL mode, every resource healthy, the demo
/// pipeline triggered through the Api as the bootstrap admin, the run succeeding, and the
/// runner's "run tap-csv target-jsonl" span arriving over OTLP, as the dashboard would get it.
/// </summary>
public sealed class DemoPipelineTelemetryTests
{
    // Start-up (initdb, PostgreSQL, three services) plus one run on a loaded 2-core machine.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(6);

    private static readonly string[] Services = ["api", "scheduler", "runner"];

    [Fact]
    public async Task Demo_pipeline_run_through_the_api_succeeds_and_its_span_reaches_the_telemetry_endpoint()
    {
        await using var otlp = new OtlpTraceReceiver();
        using var project = new TemporaryProject();
        using var limit = new CancellationTokenSource(Limit);
        var ct = limit.Token;

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            $"Parameters:meltano-project-root={project.Root}",
            "Tapline:SystemDb:Mode=local",
            // The browser side has its own tests (E2E, LocalPostgresModeTests); here it would only cost CPU.
            "Tapline:Web=false",
        ], ct);
        foreach (var name in Services)
        {
            // Set after the AppHost's own OTLP settings, so these win: the services export to the
            // receiver instead of the dashboard, which the testing builder does not start.
            builder.CreateResourceBuilder<ProjectResource>(name)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.Endpoint.ToString().TrimEnd('/'))
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "500");
        }
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);

        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var started = model.Resources
            .Where(r => r is ProjectResource or ExecutableResource)
            .Where(r => !(app.ResourceNotifications.TryGetCurrentState(r.Name, out var current) && current.Snapshot.IsHidden))
            .Select(r => r.Name)
            .ToList();
        Assert.Superset(new HashSet<string>(["systemdb", .. Services]), started.ToHashSet());
        foreach (var name in started)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name, ct);
        }

        var api = await app.ResourceNotifications.WaitForResourceAsync(
            "api", e => e.Snapshot.EnvironmentVariables.Any(v => v.Name == "TAPLINE_BOOTSTRAP_PASSWORD"), ct);
        var env = api.Snapshot.EnvironmentVariables.ToDictionary(v => v.Name, v => v.Value);
        using var http = app.CreateHttpClient("api");
        await SignInAsync(http, env["TAPLINE_BOOTSTRAP_ADMIN"]!, env["TAPLINE_BOOTSTRAP_PASSWORD"]!, ct);

        using var queued = await http.PostAsJsonAsync("/api/v1/runs", new { schedule = "daily-csv" }, ct);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var run = await queued.Content.ReadFromJsonAsync<JsonElement>(ct);
        var id = run.GetProperty("id").GetInt64();
        var runId = run.GetProperty("runId").GetString()!;
        Assert.Equal($"/api/v1/runs/{id}", queued.Headers.Location?.OriginalString);
        Assert.Equal("api", run.GetProperty("trigger").GetString());
        Assert.Equal("tap-csv target-jsonl", run.GetProperty("block").GetString());

        var ended = await WaitUntilEndedAsync(http, id, ct);
        Assert.True(ended.GetProperty("status").GetString() == "success", $"Run {id} ended {ended}");
        var streams = ended.GetProperty("streams").EnumerateArray()
            .ToDictionary(s => s.GetProperty("stream").GetString()!, s => s.GetProperty("records").GetInt64());
        Assert.Equal(5, streams["customers"]);
        Assert.Equal(6, streams["orders"]);
        Assert.Equal(11, ended.GetProperty("records").GetInt64());

        ReceivedSpan span;
        try
        {
            span = await otlp.WaitForSpanAsync(
                s => s.Name == "run tap-csv target-jsonl" && s.Attributes.GetValueOrDefault("tapline.run_id") == runId, ct);
        }
        catch (OperationCanceledException)
        {
            var names = string.Join(", ", otlp.Spans.Select(s => $"{s.ServiceName}/{s.ScopeName}/{s.Name}").Distinct().Take(40));
            Assert.Fail($"No 'run tap-csv target-jsonl' span for run {runId} arrived. Spans seen: {names}. Errors: {string.Join("; ", otlp.Errors)}");
            throw;
        }
        Assert.Equal("Tapline", span.ScopeName);
        Assert.Equal("runner", span.ServiceName);
        Assert.Equal(ended.GetProperty("stateId").GetString(), span.Attributes["tapline.state_id"]);
        // The trace context kept on the run row joins the Api's request and the runner's work in one trace.
        Assert.Equal(ended.GetProperty("traceId").GetString(), span.TraceId);

        await app.StopAsync(ct);
    }

    private static async Task SignInAsync(HttpClient http, string name, string password, CancellationToken ct)
    {
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { username = name, password }, ct);
        Assert.True(login.IsSuccessStatusCode, $"Signing in as {name}: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync(ct)}");
        var session = await login.Content.ReadFromJsonAsync<JsonElement>(ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.GetProperty("accessToken").GetString());
    }

    private static async Task<JsonElement> WaitUntilEndedAsync(HttpClient http, long id, CancellationToken ct)
    {
        while (true)
        {
            var run = await http.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{id}", ct);
            if (run.GetProperty("status").GetString() is not ("queued" or "running"))
            {
                return run;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }
}
