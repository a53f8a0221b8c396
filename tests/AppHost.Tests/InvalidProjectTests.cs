using System.Diagnostics;
using Aspire.Hosting.Testing;

namespace Tapline.AppHost.Tests;

/// <summary>`dotnet run --project AppHost` on a broken meltano.yml: one line per error and exit 1, before any resource starts.</summary>
public sealed class InvalidProjectTests
{
    private const string Broken = "version: 1\nplugins:\n  extractors:\n    - name: tap-x\n      variant: [unclosed\n";

    [Fact]
    public async Task An_invalid_meltano_yml_fails_a_test_harness_start_at_once_instead_of_waiting_for_health()
    {
        using var project = new TemporaryProject();
        await File.WriteAllTextAsync(Path.Combine(project.Root, "meltano.yml"), Broken);
        // The E2E harness's start-up limit; the failure must come from the AppHost, not from this limit.
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        // The AppHost returns 1 before building; Aspire's testing host reports that its entry point ended.
        var e = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                [$"Parameters:meltano-project-root={project.Root}", "Tapline:SystemDb:Mode=local"], limit.Token);
            await using var app = await builder.BuildAsync(limit.Token);
            await app.StartAsync(limit.Token);
        });

        Assert.Contains("entry point", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(limit.IsCancellationRequested);
    }

    [Fact]
    public async Task An_invalid_meltano_yml_makes_the_apphost_print_file_and_line_and_exit_1_before_starting_anything()
    {
        using var project = new TemporaryProject();
        var meltanoYml = Path.Combine(project.Root, "meltano.yml");
        await File.WriteAllTextAsync(meltanoYml, Broken);

        var appHost = RepositoryLayout.AppHostAssembly();
        var start = new ProcessStartInfo("dotnet", [appHost, $"--Parameters:meltano-project-root={project.Root}", "--Tapline:SystemDb:Mode=local"])
        {
            WorkingDirectory = Path.GetDirectoryName(appHost)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, process.ExitCode);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.StartsWith($"{meltanoYml}:", line));
        Assert.Contains(lines, line => line.StartsWith($"{meltanoYml}:5:", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", await stdout + string.Join('\n', lines), StringComparison.Ordinal);
        // Nothing started: local mode would have run initdb into the project's .meltano/postgres.
        Assert.False(Directory.Exists(Path.Combine(project.Root, ".meltano", "postgres")));
    }
}
