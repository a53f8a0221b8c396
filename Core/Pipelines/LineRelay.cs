using System.IO.Pipes;
using Tapline.Core.Singer;
using Tapline.Core.Telemetry;

namespace Tapline.Core.Pipelines;

/// <summary>
/// Copies one plugin's stdout into the next plugin's stdin as raw bytes on a dedicated thread with
/// blocking reads and writes: measured on two cores, that costs far less CPU than async pipe I/O,
/// and the enlarged kernel pipes on both sides give the overlap and the backpressure. When the
/// consumer is gone the producer's output is still drained (and dropped) so the producer never
/// blocks on a full pipe while it is being stopped.
/// </summary>
internal sealed class LineRelay
{
    private const int ChunkSize = 1024 * 1024;
    private const int PipeSize = 1024 * 1024;

    private readonly ChildProcess producer;
    private readonly ChildProcess consumer;
    private readonly bool countsTowardsLoad;
    private readonly bool forwardWithTee;
    private bool inputClosed;

    public LineRelay(ChildProcess producer, ChildProcess consumer, int maxLineLength, EltLog log, bool countsTowardsLoad, bool forwardWithTee)
    {
        this.forwardWithTee = forwardWithTee;
        this.producer = producer;
        this.consumer = consumer;
        this.countsTowardsLoad = countsTowardsLoad;
        Scanner = new LineScanner(maxLineLength, (line, preview) =>
            throw new NotJsonLineException(line, EltLog.Escape(System.Text.Encoding.UTF8.GetString(preview))));
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

    /// <summary>Completes when the producer's stdout ends; faults with <see cref="LineTooLongException"/> or <see cref="NotJsonLineException"/>.</summary>
    public Task Start()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "relay " + producer.Name,
        };
        thread.Start();
        return done.Task;
    }

    private void Run()
    {
        var source = producer.StandardOutput;
        var sink = consumer.StandardInput;
        LinuxPipes.TryGrow(source, PipeSize);
        LinuxPipes.TryGrow(sink, PipeSize);
        var buffer = new byte[ChunkSize];
        var teeing = forwardWithTee && OperatingSystem.IsLinux() && source is PipeStream && sink is PipeStream;
        try
        {
            while (true)
            {
                int read;
                var forwarded = false;
                if (teeing)
                {
                    // tee(2) hands the consumer the very pages the producer wrote; reading them
                    // afterwards for the scan is then the only copy this process makes.
                    var duplicated = LinuxPipes.TryTee((PipeStream)source, (PipeStream)sink, ChunkSize);
                    if (duplicated == -LinuxPipes.EIntr)
                    {
                        continue;
                    }

                    if (duplicated < 0)
                    {
                        ConsumerGone |= duplicated == -LinuxPipes.EPipe;
                        teeing = false;
                        continue;
                    }

                    if (duplicated == 0)
                    {
                        break;
                    }

                    read = (int)duplicated;
                    source.ReadExactly(buffer, 0, read);
                    forwarded = true;
                }
                else
                {
                    read = source.Read(buffer, 0, buffer.Length);
                    if (read == 0)
                    {
                        break;
                    }
                }

                var recordsBefore = Scanner.Streams.Records;
                Scanner.Scan(buffer.AsSpan(0, read));
                if (countsTowardsLoad)
                {
                    TaplineTelemetry.BytesPiped.Add(read);
                    TaplineTelemetry.RecordsPiped.Add(Scanner.Streams.Records - recordsBefore);
                }

                if (!forwarded && !ConsumerGone)
                {
                    try
                    {
                        sink.Write(buffer, 0, read);
                    }
                    catch (IOException)
                    {
                        ConsumerGone = true;
                    }
                }
            }

            Scanner.Complete();
        }
        finally
        {
            // Closing stdin is how the consumer learns its input is complete.
            Volatile.Write(ref inputClosed, true);
            try
            {
                sink.Dispose();
            }
            catch (IOException)
            {
                ConsumerGone = true;
            }
        }
    }
}
