using System.Diagnostics;

namespace Tapline.WebBenchmarks;

/// <summary>Builds web/ as publishing the Api does (Api.csproj's PublishTaplineSpa), so the benchmark measures the current source.</summary>
public static class WebBuild
{
    public static async Task RunAsync(string webDir, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(webDir, "node_modules")))
        {
            await NpmAsync(webDir, ["ci", "--no-audit", "--no-fund"], cancellationToken);
        }
        await NpmAsync(webDir, ["run", "build"], cancellationToken);
    }

    private static async Task NpmAsync(string webDir, string[] args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("npm", args) { WorkingDirectory = webDir, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start npm");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm {string.Join(' ', args)} failed ({process.ExitCode}):\n{await output}{await error}");
        }
    }
}
