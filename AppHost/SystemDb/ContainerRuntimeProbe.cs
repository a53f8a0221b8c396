using System.Diagnostics;

namespace Tapline.AppHost.SystemDb;

/// <summary>
/// Asks <c>docker info</c> / <c>podman info</c> whether a container runtime answers. Bounded by a
/// timeout because a half-configured runtime can hang on its socket, and start-up must not.
/// </summary>
public static class ContainerRuntimeProbe
{
    public static string? FindAnsweringRuntime(TimeSpan timeout)
    {
        foreach (var runtime in new[] { "docker", "podman" })
        {
            if (Answers(runtime, timeout))
            {
                return runtime;
            }
        }
        return null;
    }

    private static bool Answers(string runtime, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(runtime, ["info"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return false;
            }
            // Drain both pipes so a chatty runtime cannot block on a full buffer.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not installed.
            return false;
        }
    }
}
