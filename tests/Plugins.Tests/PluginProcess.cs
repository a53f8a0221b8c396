using System.Diagnostics;

namespace Tapline.Plugins.Tests;

/// <summary>A first-party plugin started as a real process from the test output's plugins/ folder.</summary>
internal sealed class PluginProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;

    private PluginProcess(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static string PathOf(string plugin) => Path.Combine(AppContext.BaseDirectory, "plugins", plugin, plugin);

    public static PluginProcess Start(string plugin, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(PathOf(plugin))
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new PluginProcess(Process.Start(psi)!);
    }

    /// <summary>Runs to completion with <paramref name="stdin"/>; returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string plugin, string workingDirectory, string stdin, params string[] args)
    {
        await using var p = Start(plugin, workingDirectory, args);
        var stdout = p._process.StandardOutput.ReadToEndAsync();
        await p._process.StandardInput.WriteAsync(stdin);
        p._process.StandardInput.Close();
        await p._process.WaitForExitAsync();
        return (p._process.ExitCode, await stdout, await p._stderr);
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Blocks until the plugin prints a line (a target prints state only when it is safe).</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await _process.StandardOutput.ReadLineAsync(timeout.Token);
    }

    public async Task<(int ExitCode, string Stderr)> CloseAndWaitAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync();
        return (_process.ExitCode, await _stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
