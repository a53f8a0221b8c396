namespace Tapline.Core.Singer;

/// <summary>
/// RECORD counts and bytes per stream, keyed by the stream's raw UTF-8 bytes so the hot path
/// allocates nothing; a run has few streams and they come in long runs, so the last one is cached.
/// The relay thread is the only writer; <see cref="Snapshot"/> may be read from another thread (live
/// progress): the entry array is replaced, never changed, when a stream first appears.
/// </summary>
public sealed class StreamTally
{
    private Entry[] entries = [];
    private Entry? last;

    public long Records { get; private set; }

    public long Bytes { get; private set; }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<byte> stream, long bytes)
    {
        var entry = last is not null && stream.SequenceEqual(last.Name) ? last : Find(stream);
        entry.Records++;
        entry.Bytes += bytes;
        Records++;
        Bytes += bytes;
        last = entry;
    }

    public IReadOnlyList<(string Stream, long Records, long Bytes)> Snapshot() =>
        [.. Volatile.Read(ref entries).Select(e => (System.Text.Encoding.UTF8.GetString(e.Name), e.Records, e.Bytes))];

    private Entry Find(ReadOnlySpan<byte> stream)
    {
        foreach (var e in entries)
        {
            if (stream.SequenceEqual(e.Name))
            {
                return e;
            }
        }

        var added = new Entry(stream.ToArray());
        Volatile.Write(ref entries, [.. entries, added]);
        return added;
    }

    private sealed class Entry(byte[] name)
    {
        public byte[] Name { get; } = name;

        public long Records { get; set; }

        public long Bytes { get; set; }
    }
}
