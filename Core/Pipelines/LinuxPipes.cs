using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace Tapline.Core.Pipelines;

/// <summary>Linux pipe calls .NET does not expose; each degrades to a no-op or an error code elsewhere.</summary>
internal static partial class LinuxPipes
{
    public const int EIntr = 4;
    public const int EPipe = 32;

    private const int FcntlSetPipeSize = 1031;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    /// <summary>
    /// Grows a pipe's kernel buffer (Linux F_SETPIPE_SZ). Larger pipes mean fewer wake-ups of the
    /// three processes sharing two cores; failure only costs speed, so it is ignored.
    /// </summary>
    public static void TryGrow(Stream stream, int bytes)
    {
        if (OperatingSystem.IsLinux() && stream is PipeStream pipe)
        {
            _ = Fcntl((int)pipe.SafePipeHandle.DangerousGetHandle(), FcntlSetPipeSize, bytes);
        }
    }

    [LibraryImport("libc", EntryPoint = "tee", SetLastError = true)]
    private static partial nint Tee(int fdIn, int fdOut, nuint length, uint flags);

    /// <summary>
    /// Linux tee(2): duplicates up to <paramref name="length"/> bytes waiting in one pipe into
    /// another without consuming or copying them. Returns bytes duplicated, 0 at end of input,
    /// or -errno.
    /// </summary>
    public static long TryTee(PipeStream source, PipeStream sink, int length)
    {
        var result = Tee((int)source.SafePipeHandle.DangerousGetHandle(), (int)sink.SafePipeHandle.DangerousGetHandle(), (nuint)length, 0);
        return result >= 0 ? result : -Marshal.GetLastPInvokeError();
    }
}
