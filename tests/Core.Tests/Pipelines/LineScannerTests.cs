using System.Text;
using Tapline.Core.Singer;

namespace Tapline.Core.Tests.Pipelines;

public sealed class LineScannerTests
{
    private static readonly byte[] Sample = Encoding.UTF8.GetBytes(string.Join('\n',
        """{"type":"SCHEMA","stream":"a","schema":{}}""",
        """{"type":"RECORD","stream":"a","record":{"id":1}}""",
        """{"record":{"nested":{"type":"RECORD","stream":"wrong"}},"type":"RECORD","stream":"b"}""",
        """{"type": "RECORD", "stream": "a", "record": {}}""",
        """not json at all""",
        "",
        """{"type":"RECORD","stream":"\u00e9t\u00e9","record":{}}""",
        """{"type":"STATE","value":{}}""") + "\n");

    [Fact]
    public void Every_chunking_of_the_input_gives_the_same_counts()
    {
        var whole = Scan(Sample, Sample.Length);
        var lines = Encoding.UTF8.GetString(Sample).Split('\n');
        long Bytes(params int[] indexes) => indexes.Sum(i => Encoding.UTF8.GetByteCount(lines[i]) + 1);
        Assert.Equal([("a", 2L, Bytes(1, 3)), ("b", 1L, Bytes(2)), ("été", 1L, Bytes(6))], whole.Streams.Snapshot());
        Assert.Equal(8, whole.Lines);

        for (var size = 1; size < Sample.Length; size++)
        {
            var chunked = Scan(Sample, size);
            Assert.Equal(whole.Streams.Snapshot(), chunked.Streams.Snapshot());
            Assert.Equal(whole.Lines, chunked.Lines);
        }
    }

    [Fact]
    public void Progress_counts_records_and_new_messages_but_not_a_repeated_state_blank_lines_or_text()
    {
        var scanner = new LineScanner(1024);
        scanner.Scan(Sample);
        var afterSample = scanner.Progress;

        // SCHEMA, four RECORDs, STATE; the blank and the non-JSON line are no progress.
        Assert.Equal(6, afterSample);

        scanner.Scan(Encoding.UTF8.GetBytes("""{"type":"STATE","value":{}}""" + "\n\n  \nkeep-alive\n" + """{"type":"STATE","value":{}}""" + "\n"));
        Assert.Equal(afterSample, scanner.Progress);

        scanner.Scan(Encoding.UTF8.GetBytes("""{"type":"STATE","value":{"bookmarks":{"a":1}}}""" + "\n"));
        Assert.Equal(afterSample + 1, scanner.Progress);
    }

    [Fact]
    public void Non_JSON_lines_are_reported_with_their_line_number()
    {
        var reported = new List<long>();
        var scanner = new LineScanner(1024, (line, _) => reported.Add(line));
        scanner.Scan(Sample);

        Assert.Equal([5L], reported);
    }

    [Fact]
    public void A_long_record_whose_type_comes_after_a_large_value_is_still_counted()
    {
        var line = Encoding.UTF8.GetBytes($$"""{"record":{"blob":"{{new string('z', 100_000)}}"},"stream":"late","type":"RECORD"}""" + "\n");
        var scanner = Scan(line, 8192);

        Assert.Equal([("late", 1L, (long)line.Length)], scanner.Streams.Snapshot());
    }

    [Fact]
    public void A_line_over_the_limit_throws_with_line_number_and_length()
    {
        var scanner = new LineScanner(100);
        scanner.Scan("{\"type\":\"STATE\"}\n"u8);

        var error = Assert.Throws<LineTooLongException>(() => scanner.Scan(Encoding.UTF8.GetBytes(new string('x', 150))));
        Assert.Equal(2, error.LineNumber);
        Assert.Equal(150, error.Length);
    }

    [Fact]
    public void A_last_line_without_newline_is_counted_on_completion()
    {
        var scanner = new LineScanner(1024);
        scanner.Scan("""{"type":"RECORD","stream":"s","record":{}}"""u8);
        scanner.Complete();

        Assert.Equal(1, scanner.Streams.Records);
    }

    private static LineScanner Scan(byte[] data, int chunkSize)
    {
        var scanner = new LineScanner(1 << 20);
        for (var offset = 0; offset < data.Length; offset += chunkSize)
        {
            scanner.Scan(data.AsSpan(offset, Math.Min(chunkSize, data.Length - offset)));
        }

        scanner.Complete();
        return scanner;
    }
}
