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

    private const int FcntlSetPipeSize = 1031;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    /// <summary>
    /// Grows a pipe's kernel buffer (Linux F_SETPIPE_SZ). Larger pipes mean fewer wake-ups of the
    /// three processes sharing two cores; failure only costs speed, so it is ignored.
    /// </summary>
    public static void TryGrowPipe(Stream stream, int bytes)
    {
        if (OperatingSystem.IsLinux() && stream is System.IO.Pipes.PipeStream pipe)
        {
            _ = Fcntl((int)pipe.SafePipeHandle.DangerousGetHandle(), FcntlSetPipeSize, bytes);
        }
    }

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
