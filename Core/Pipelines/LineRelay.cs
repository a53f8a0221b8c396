using System.Threading.Channels;
using Tapline.Core.Singer;
using Tapline.Core.Telemetry;

namespace Tapline.Core.Pipelines;

/// <summary>
/// Copies one plugin's stdout into the next plugin's stdin as raw bytes. A reader and a writer
/// task share a few large buffers, so reading the producer, scanning lines and writing the
/// consumer overlap; backpressure is the bounded buffer pool. When the consumer is gone the
/// producer's output is still drained (and dropped) so the producer never blocks on a full pipe.
/// </summary>
internal sealed class LineRelay
{
    private const int ChunkSize = 256 * 1024;
    private const int Buffers = 8;

    private readonly ChildProcess producer;
    private readonly ChildProcess consumer;
    private readonly bool countsTowardsLoad;
    private bool inputClosed;

    public LineRelay(ChildProcess producer, ChildProcess consumer, int maxLineLength, EltLog log, bool countsTowardsLoad)
    {
        this.producer = producer;
        this.consumer = consumer;
        this.countsTowardsLoad = countsTowardsLoad;
        Scanner = new LineScanner(maxLineLength, (line, preview) =>
            log.Write(EltLog.EngineSource, $"{producer.Name} printed a line that is not JSON (line {line}), passed through to {consumer.Name}: {System.Text.Encoding.UTF8.GetString(preview)}"));
    }

    public ChildProcess Producer => producer;

    public LineScanner Scanner { get; }

    /// <summary>
    /// Set just before the consumer's stdin is closed, so a consumer that exits after it was
    /// told its input ended is never mistaken for one that quit early.
    /// </summary>
    public bool InputClosed => Volatile.Read(ref inputClosed);

    /// <summary>The consumer stopped accepting input before the producer was done.</summary>
    public bool ConsumerGone { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var free = Channel.CreateBounded<byte[]>(Buffers);
        var filled = Channel.CreateBounded<(byte[] Buffer, int Length)>(Buffers);
        for (var i = 0; i < Buffers; i++)
        {
            free.Writer.TryWrite(new byte[ChunkSize]);
        }

        var writer = WriteAsync(free.Writer, filled.Reader, cancellationToken);
        try
        {
            await ReadAsync(free.Reader, filled.Writer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            filled.Writer.TryComplete();
            await writer.ConfigureAwait(false);
        }
    }

    private async Task ReadAsync(ChannelReader<byte[]> free, ChannelWriter<(byte[], int)> filled, CancellationToken cancellationToken)
    {
        var source = producer.StandardOutput;
        while (true)
        {
            var buffer = await free.ReadAsync(cancellationToken).ConfigureAwait(false);
            var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            var recordsBefore = Scanner.Streams.Records;
            Scanner.Scan(buffer.AsSpan(0, read));
            if (countsTowardsLoad)
            {
                TaplineTelemetry.BytesPiped.Add(read);
                TaplineTelemetry.RecordsPiped.Add(Scanner.Streams.Records - recordsBefore);
            }

            await filled.WriteAsync((buffer, read), cancellationToken).ConfigureAwait(false);
        }

        Scanner.Complete();
    }

    private async Task WriteAsync(ChannelWriter<byte[]> free, ChannelReader<(byte[] Buffer, int Length)> filled, CancellationToken cancellationToken)
    {
        var sink = consumer.StandardInput;
        try
        {
            await foreach (var (buffer, length) in filled.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!ConsumerGone)
                {
                    try
                    {
                        await sink.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException)
                    {
                        ConsumerGone = true;
                    }
                }

                free.TryWrite(buffer);
            }
        }
        finally
        {
            // Closing stdin is how the consumer learns its input is complete.
            Volatile.Write(ref inputClosed, true);
            try
            {
                await sink.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                ConsumerGone = true;
            }
        }
    }
}
