using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Tapline.AppHost.Tests;

/// <summary>
/// The user's main command, as a test: the AppHost on a machine without a container runtime
/// starts PostgreSQL from the machine's binaries and brings every service up healthy on it.
/// </summary>
public sealed class LocalPostgresModeTests
{
    // Bounds the whole start-up (initdb, PostgreSQL, three services, and npm ci + Vite when web/ exists).
    private static readonly TimeSpan StartupLimit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Every_resource_becomes_healthy_on_a_local_postgres_and_the_api_answers_its_health_endpoint()
    {
        using var project = new TemporaryProject();
        using var limit = new CancellationTokenSource(StartupLimit);
        var ct = limit.Token;

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            $"Parameters:meltano-project-root={project.Root}",
            "Tapline:SystemDb:Mode=local",
        ], ct);
        await using var app = await builder.BuildAsync(ct);
        await app.StartAsync(ct);

        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var started = model.Resources
            .Where(r => r is ProjectResource or ExecutableResource)
            // Hidden helpers (a project's rebuilder) start only when the dashboard asks for them.
            .Where(r => !(app.ResourceNotifications.TryGetCurrentState(r.Name, out var current) && current.Snapshot.IsHidden))
            .Select(r => r.Name)
            .ToList();
        Assert.Contains("systemdb", started);
        Assert.Contains("api", started);
        Assert.Contains("scheduler", started);
        Assert.Contains("runner", started);

        foreach (var name in started)
        {
            if (name.EndsWith("-install", StringComparison.Ordinal))
            {
                var finished = await app.ResourceNotifications.WaitForResourceAsync(
                    name, e => e.Snapshot.State?.Text == KnownResourceStates.Finished, ct);
                Assert.Equal(0, finished.Snapshot.ExitCode);
            }
            else
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, ct);
            }
        }

        using var http = app.CreateHttpClient("api");
        using var health = await http.GetAsync("/api/v1/health", ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // With the SPA in the repository, its Vite dev server serves the UI (after npm ci when needed).
        if (File.Exists(RepositoryLayout.Path("web", "package.json")))
        {
            Assert.Contains("web", started);
            using var web = app.CreateHttpClient("web");
            using var page = await web.GetAsync("/", ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // The services got a real database named tapline in the project's .meltano/postgres.
        var connectionString = await app.GetConnectionStringAsync("systemdb", ct);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await using var query = new NpgsqlCommand("SELECT current_database()", connection);
            Assert.Equal("tapline", await query.ExecuteScalarAsync(ct));
        }
        Assert.True(File.Exists(Path.Combine(project.Root, ".meltano", "postgres", "PG_VERSION")));

        var api = await app.ResourceNotifications.WaitForResourceAsync("api", e => e.Snapshot.EnvironmentVariables.Length > 0, ct);
        var env = api.Snapshot.EnvironmentVariables.ToDictionary(v => v.Name, v => v.Value);
        Assert.Equal(project.Root, env["MELTANO_PROJECT_ROOT"]);
        Assert.Equal("local", env["TAPLINE_SYSTEMDB_MODE"]);
        Assert.Equal("true", env["MELTANO_UI_AUTHENTICATION"]);
        Assert.Equal("admin", env["TAPLINE_BOOTSTRAP_ADMIN"]);
        Assert.False(string.IsNullOrEmpty(env["MELTANO_UI_SECRET_KEY"]));
        Assert.False(string.IsNullOrEmpty(env["TAPLINE_BOOTSTRAP_PASSWORD"]));
        Assert.StartsWith("Host=127.0.0.1;", env["ConnectionStrings__systemdb"]);
        // Run mode leaves the project writable: the UI edits schedules in meltano.yml.
        Assert.False(env.ContainsKey("MELTANO_PROJECT_READONLY"));

        await app.StopAsync(ct);
    }
}
