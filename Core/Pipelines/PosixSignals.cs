using System.Runtime.InteropServices;

namespace Tapline.Core.Pipelines;

/// <summary>
/// .NET offers only SIGKILL (<see cref="System.Diagnostics.Process.Kill(bool)"/>); plugins deserve a
/// SIGTERM first so they can flush and exit cleanly, as Meltano gives them.
/// </summary>
internal static partial class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static void Send(int pid, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // ESRCH (already gone) is the expected race here, not an error.
        _ = Kill(pid, signal);
    }
}
