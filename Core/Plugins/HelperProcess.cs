using System.ComponentModel;
using System.Diagnostics;

namespace Tapline.Core.Plugins;

/// <summary>Runs a short-lived helper process (venv, pip, discovery) and keeps the tail of its output for error messages.</summary>
internal static class HelperProcess
{
    public sealed record Result(int ExitCode, string Tail, string CommandLine);

    public static async Task<Result> RunAsync(
        string fileName,
        IEnumerable<string> args,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? env,
        Stream? stdoutTarget,
        CancellationToken ct,
        int tailLines = 20)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // pip, venv and discovery run plugin code too.
        Settings.PluginVisibleEnv.ApplyTo(psi, (IEnumerable<KeyValuePair<string, string?>>?)env ?? []);
        var commandLine = string.Join(' ', new[] { fileName }.Concat(psi.ArgumentList).Select(Quote));

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new FileNotFoundException($"could not start `{commandLine}`: {e.Message}", fileName, e);
        }
        process.StandardInput.Close();
        var tail = new Queue<string>();
        var stderr = PumpLinesAsync(process.StandardError, tail, tailLines);
        var stdout = stdoutTarget is null
            ? PumpLinesAsync(process.StandardOutput, tail, tailLines)
            : process.StandardOutput.BaseStream.CopyToAsync(stdoutTarget, ct);
        try
        {
            await Task.WhenAll(stderr, stdout);
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        string text;
        lock (tail) text = string.Join('\n', tail);
        return new Result(process.ExitCode, text, commandLine);
    }

    private static async Task PumpLinesAsync(StreamReader reader, Queue<string> tail, int max)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (tail)
            {
                tail.Enqueue(line);
                while (tail.Count > max) tail.Dequeue();
            }
        }
    }

    private static string Quote(string s) => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./=:@+,".Contains(c)) ? s : $"'{s.Replace("'", "'\\''")}'";
}
