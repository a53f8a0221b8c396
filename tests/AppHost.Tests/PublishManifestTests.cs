using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Tapline.AppHost.Tests;

/// <summary>What `azd up` and other deployers read: the AppHost's publish manifest.</summary>
public sealed class PublishManifestTests
{
    private static readonly string[] Services = ["api", "scheduler", "runner"];
    private static readonly string[] Secrets = ["ui-secret-key", "ui-password-salt", "tapline-bootstrap-password"];

    [Fact]
    public async Task Manifest_has_every_service_on_a_parameterised_systemdb_with_secret_parameters_and_a_read_only_project()
    {
        var output = Path.Combine(Path.GetTempPath(), $"tapline-manifest-{Guid.NewGuid():N}");
        try
        {
            var manifestPath = Path.Combine(output, "aspire-manifest.json");
            await PublishAsync(manifestPath);
            var text = await File.ReadAllTextAsync(manifestPath);
            var resources = JsonNode.Parse(text)!["resources"]!.AsObject();

            // PostgreSQL is an input of the deployment, given as a secret connection string.
            var systemdb = resources["systemdb"]!;
            Assert.Equal("parameter.v0", (string?)systemdb["type"]);
            Assert.Equal("{systemdb.value}", (string?)systemdb["connectionString"]);
            Assert.True((bool?)systemdb["inputs"]!["value"]!["secret"]);

            foreach (var name in Secrets)
            {
                var input = resources[name]!["inputs"]!["value"]!;
                Assert.True((bool?)input["secret"], $"{name} must be a secret parameter");
                Assert.NotNull(input["default"]!["generate"]);
            }

            foreach (var name in Services)
            {
                var service = resources[name]!;
                Assert.StartsWith("project.", (string?)service["type"]);
                var env = service["env"]!;
                Assert.Equal("true", (string?)env["MELTANO_PROJECT_READONLY"]);
                Assert.Equal("{systemdb.connectionString}", (string?)env["ConnectionStrings__systemdb"]);
                Assert.Equal("{meltano-project-root.value}", (string?)env["MELTANO_PROJECT_ROOT"]);
                // Every service opens stored plugin secrets, whose Data Protection keys ui.secret_key seals.
                Assert.Equal("{ui-secret-key.value}", (string?)env["MELTANO_UI_SECRET_KEY"]);
            }

            var api = resources["api"]!;
            Assert.True((bool?)api["bindings"]!["http"]!["external"]);
            Assert.Equal("{ui-secret-key.value}", (string?)api["env"]!["MELTANO_UI_SECRET_KEY"]);
            Assert.Equal("{ui-password-salt.value}", (string?)api["env"]!["MELTANO_UI_PASSWORD_SALT"]);
            Assert.Equal("{tapline-bootstrap-password.value}", (string?)api["env"]!["TAPLINE_BOOTSTRAP_PASSWORD"]);
            Assert.Equal("true", (string?)api["env"]!["MELTANO_UI_AUTHENTICATION"]);
            Assert.Equal("worker", (string?)resources["runner"]!["args"]![0]);

            // The Api serves the built SPA in production: no dev server, and no local database.
            Assert.Null(resources["web"]);
            Assert.Null(resources["postgres"]);
            Assert.Equal("/project", (string?)resources["meltano-project-root"]!["inputs"]!["value"]!["default"]!["value"]);
            Assert.DoesNotContain("Password=", text, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static async Task PublishAsync(string manifestPath)
    {
        var appHost = RepositoryLayout.AppHostAssembly();
        var start = new ProcessStartInfo("dotnet", [appHost, "--publisher", "manifest", "--output-path", manifestPath])
        {
            WorkingDirectory = Path.GetDirectoryName(appHost)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A developer's shell may carry run-mode settings; the manifest must not depend on them.
        start.Environment.Remove("MELTANO_PROJECT_ROOT");
        start.Environment.Remove("ConnectionStrings__systemdb");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"manifest publishing failed ({process.ExitCode}): {await stdout}\n{await stderr}");
    }
}
