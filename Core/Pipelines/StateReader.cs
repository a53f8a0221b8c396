using System.Buffers;
using System.Text.Json;
using Tapline.Core.Singer;

namespace Tapline.Core.Pipelines;

/// <summary>
/// Reads the loader's stdout: each line is a state value, handed to the sink as soon as it is
/// complete. Bad lines are logged and dropped so they never replace good state.
/// </summary>
internal sealed class StateReader(string loader, int maxLineLength, EltLog log, Func<JsonElement, CancellationToken, Task>? sink)
{
    public int Saved { get; private set; }

    public Exception? SinkError { get; private set; }

    public async Task RunAsync(Stream stdout, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var line = new ArrayBufferWriter<byte>();
        var discarding = false;
        while (true)
        {
            var read = await stdout.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            var chunk = buffer.AsMemory(0, read);
            while (!chunk.IsEmpty)
            {
                var newline = chunk.Span.IndexOf((byte)'\n');
                var part = newline < 0 ? chunk : chunk[..newline];
                if (!discarding)
                {
                    if (line.WrittenCount + part.Length > maxLineLength)
                    {
                        log.Write(EltLog.EngineSource, $"{loader} printed a state line longer than elt.buffer_size ({maxLineLength} bytes); incremental state has not been updated");
                        discarding = true;
                        line.Clear();
                    }
                    else
                    {
                        line.Write(part.Span);
                    }
                }

                if (newline < 0)
                {
                    break;
                }

                if (!discarding)
                {
                    await HandleAsync(line.WrittenSpan.ToArray(), cancellationToken).ConfigureAwait(false);
                }

                discarding = false;
                line.Clear();
                chunk = chunk[(newline + 1)..];
            }
        }

        if (!discarding && line.WrittenCount > 0)
        {
            await HandleAsync(line.WrittenSpan.ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(byte[] line, CancellationToken cancellationToken)
    {
        if (line.AsSpan().Trim(" \t\r"u8).IsEmpty)
        {
            return;
        }

        if (!StateLine.TryParse(line, out var state, out var rejection))
        {
            log.Write(EltLog.EngineSource, $"Received state from {loader} is invalid ({rejection}), incremental state has not been updated");
            return;
        }

        if (sink is null)
        {
            return;
        }

        try
        {
            await sink(state, cancellationToken).ConfigureAwait(false);
            Saved++;
            log.Write(EltLog.EngineSource, "Incremental state has been updated");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SinkError ??= e;
            log.Write(EltLog.EngineSource, $"Failed to persist incremental state: {e.Message}");
        }
    }
}
