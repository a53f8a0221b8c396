using System.Diagnostics;
using System.Text;

namespace Tapline.TestSupport;

/// <summary>
/// A real SMTP server: Debian's <c>python3-aiosmtpd</c> (<c>python3 -m aiosmtpd -n</c>, its debugging handler prints
/// every message it accepts to stdout), started on a free port and stopped on dispose.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public int Port { get; }

    private SmtpReceiver(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public static async Task<SmtpReceiver> StartAsync()
    {
        var port = WebhookReceiver.FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3", ["-u", "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 -m aiosmtpd did not start (apt-get install -y python3-aiosmtpd)");
        var receiver = new SmtpReceiver(process, port);
        process.OutputDataReceived += (_, e) => { lock (receiver._output) { receiver._output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (receiver._output) { receiver._output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited: {receiver.Output} (apt-get install -y python3-aiosmtpd)");
            }
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return receiver;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"aiosmtpd did not listen on {port}: {receiver.Output}");
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits until the server has printed <paramref name="text"/> (the message arrived), up to 10 s.</summary>
    public async Task<string> WaitForAsync(string text)
    {
        for (var i = 0; i < 100 && !Output.Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }
        return Output;
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
