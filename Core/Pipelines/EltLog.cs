using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace Tapline.Core.Pipelines;

/// <summary>
/// The elt.log of one run: lines from every plugin's stderr (and the engine's own notes) in
/// arrival order, each as <c>2026-11-24T22:00:01.123Z tap-csv | text</c>. One writer task owns
/// the file and flushes whenever it catches up, so a tailing reader sees lines at once.
/// The one writer of elt.log lines: the worker's notes before the engine starts and the reaper's
/// reason use <see cref="AppendAsync"/>, so every line has the same prefix and escaping.
/// </summary>
public sealed class EltLog : IAsyncDisposable
{
    public const string EngineSource = "tapline";

    private readonly Channel<string> lines = Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private readonly StreamWriter? file;
    private readonly Action<string>? console;
    private readonly Task writer;

    public EltLog(string? path, Action<string>? console)
    {
        this.console = console;
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false));
        }

        writer = WriteAsync();
    }

    public static string Format(DateTimeOffset at, string source, string text) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fff}Z {source} | {Escape(text)}");

    /// <summary>
    /// Control characters (ESC, NUL, BEL, C1, DEL; tab kept) as <c>\xNN</c>, so a plugin's binary
    /// garbage cannot drive the terminal that shows the console or the file.
    /// </summary>
    public static string Escape(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\x1f') && !text.AsSpan().ContainsAnyInRange('\x7f', '\x9f'))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if ((c < ' ' && c != '\t') || (c >= '\x7f' && c <= '\x9f'))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// Appends one line to the elt.log at <paramref name="path"/> (creating its directory), for a
    /// writer outside a running block: the worker before the engine starts, the reaper after the
    /// worker is gone. Shares the file, as the run's own writer does.
    /// </summary>
    public static async Task AppendAsync(string path, string source, string text, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(Format(at, source, text) + "\n"), cancellationToken).ConfigureAwait(false);
    }

    public void Write(string source, string text) => lines.Writer.TryWrite(Format(DateTimeOffset.UtcNow, source, text));

    /// <summary>
    /// Copies a plugin's stderr into the log line by line until it closes; <paramref name="observer"/>
    /// (Singer METRIC lines) sees each line first.
    /// </summary>
    public async Task PumpAsync(string source, Stream stderr, CancellationToken cancellationToken, Action<string>? observer = null)
    {
        using var reader = new StreamReader(stderr, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            observer?.Invoke(line);
            Write(source, line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lines.Writer.TryComplete();
        await writer.ConfigureAwait(false);
        if (file is not null)
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteAsync()
    {
        while (await lines.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (lines.Reader.TryRead(out var line))
            {
                console?.Invoke(line);
                if (file is not null)
                {
                    await file.WriteAsync(line).ConfigureAwait(false);
                    await file.WriteAsync('\n').ConfigureAwait(false);
                }
            }

            if (file is not null)
            {
                await file.FlushAsync().ConfigureAwait(false);
            }
        }
    }
}
