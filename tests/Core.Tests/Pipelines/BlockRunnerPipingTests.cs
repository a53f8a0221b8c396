using System.Text.Json;
using Tapline.Core.Pipelines;

namespace Tapline.Core.Tests.Pipelines;

public sealed class BlockRunnerPipingTests
{
    [Theory]
    [InlineData("tap-smoke-test.sync.jsonl")]
    [InlineData("tap-smoke-test.sync-with-state.jsonl")]
    [InlineData("sdk-sample-tap-hostile.sync.jsonl")]
    [InlineData("sdk-sample-tap-fundamentals.sync.jsonl")]
    [InlineData("robertjmoore-tap-csv.sync.jsonl")]
    [InlineData("meltanolabs-tap-csv.sync.jsonl")]
    public async Task Recorded_tap_output_reaches_the_loader_byte_for_byte_with_per_stream_counts(string recording)
    {
        using var dir = new TempDir();
        var input = Path.Combine(Plugins.Recordings, recording);
        var output = dir.File("received.jsonl");

        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Cat("tap-recorded", input),
            [],
            Plugins.Sh("target-file", $"cat > {Plugins.Quote(output)}"),
            new BlockOptions()));

        Assert.Equal(BlockStatus.Success, result.Status);
        Assert.Null(result.Error);
        Assert.Equal(await File.ReadAllBytesAsync(input), await File.ReadAllBytesAsync(output));
        Assert.Equal(ExpectedCounts(input), result.Streams.OrderBy(s => s.Stream, StringComparer.Ordinal).ToList());
        Assert.Equal(0, result.ExitCodes["tap-recorded"]);
        Assert.Equal(0, result.ExitCodes["target-file"]);
        Assert.True(result.PluginDurations.ContainsKey("tap-recorded"));
    }

    [Fact]
    public async Task Without_tee_the_plain_copy_delivers_the_same_bytes_and_counts()
    {
        using var dir = new TempDir();
        var input = Path.Combine(Plugins.Recordings, "sdk-sample-tap-fundamentals.sync.jsonl");
        var output = dir.File("received.jsonl");

        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Cat("tap-recorded", input),
            [Plugins.Sh("mapper-cat", "cat")],
            Plugins.Sh("target-file", $"cat > {Plugins.Quote(output)}"),
            new BlockOptions { ForwardWithTee = false }));

        Assert.Equal(BlockStatus.Success, result.Status);
        Assert.Equal(await File.ReadAllBytesAsync(input), await File.ReadAllBytesAsync(output));
        Assert.Equal(ExpectedCounts(input), result.Streams.OrderBy(s => s.Stream, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task A_50_MB_record_passes_with_the_default_buffer_size()
    {
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            PluginProcess.Create("tap-huge", "python3", "-c", "import sys; sys.stdout.write('{\"type\":\"RECORD\",\"stream\":\"blobs\",\"record\":{\"b\":\"' + 'x' * (50 * 1024 * 1024) + '\"}}\\n')"),
            [],
            Plugins.Sh("target-null", "cat > /dev/null"),
            new BlockOptions()));

        Assert.Equal(BlockStatus.Success, result.Status);
        var blobs = Assert.Single(result.Streams);
        Assert.Equal(1, blobs.Records);
        Assert.True(blobs.Bytes > 50 * 1024 * 1024);
    }

    [Fact]
    public async Task Records_are_counted_through_a_mapper_as_the_loader_receives_them()
    {
        using var dir = new TempDir();
        var input = Path.Combine(Plugins.Recordings, "robertjmoore-tap-csv.sync.jsonl");
        var output = dir.File("received.jsonl");

        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Cat("tap-csv", input),
            [Plugins.Sh("drop-items", "grep -v '\"stream\": \"items\"'")],
            Plugins.Sh("target-file", $"cat > {Plugins.Quote(output)}"),
            new BlockOptions()));

        Assert.Equal(BlockStatus.Success, result.Status);
        Assert.Equal([new StreamCount("people", 3, ExpectedCounts(input).Single(s => s.Stream == "people").Bytes)], result.Streams);
        Assert.DoesNotContain("items", await File.ReadAllTextAsync(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Records_with_any_key_order_and_escaped_stream_names_are_counted()
    {
        using var dir = new TempDir();
        var input = dir.File("tap.jsonl");
        var bigRecord = new string('x', 20_000);
        await File.WriteAllLinesAsync(input,
        [
            """{"stream":"a","type":"RECORD","record":{}}""",
            $$"""{"record":{"big":"{{bigRecord}}"},"stream":"a","type":"RECORD"}""",
            """{"type":"RECORD","stream":"caf\u00e9","record":{}}""",
            """{"type":"STATE","value":{"stream":"a"}}""",
            """{ "type" : "RECORD" , "stream" : "b" , "record" : {} }""",
        ]);

        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Cat("tap-x", input), [], Plugins.Sh("target-null", "cat > /dev/null"), new BlockOptions()));

        Assert.Equal(BlockStatus.Success, result.Status);
        Assert.Equal(ExpectedCounts(input), result.Streams.OrderBy(s => s.Stream, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task State_lines_from_the_loader_reach_the_sink_in_order_whether_bare_or_STATE_messages()
    {
        var received = new List<string>();
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-x", "echo '{\"type\":\"RECORD\",\"stream\":\"s\",\"record\":{}}'"),
            [],
            Plugins.Sh("target-x", """cat > /dev/null; echo '{"bookmarks":{"s":{"id":1}}}'; echo '{"type":"STATE","value":{"bookmarks":{"s":{"id":2}}}}'"""),
            new BlockOptions
            {
                StateSink = (state, _) =>
                {
                    received.Add(state.GetRawText());
                    return Task.CompletedTask;
                },
            }));

        Assert.Equal(BlockStatus.Success, result.Status);
        Assert.Equal(["""{"bookmarks":{"s":{"id":1}}}""", """{"bookmarks":{"s":{"id":2}}}"""], received);
        Assert.Equal(2, result.StatesSaved);
    }

    [Fact]
    public async Task Invalid_or_empty_state_is_logged_and_never_reaches_the_sink()
    {
        using var dir = new TempDir();
        var received = new List<string>();
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-x", "true"),
            [],
            Plugins.Sh("target-x", """cat > /dev/null; echo '{"bookmarks":{"s":1}}'; echo 'not json'; echo '{}'; echo '[1,2]'; echo '{"bookmarks":'"""),
            new BlockOptions
            {
                LogFilePath = dir.File("elt.log"),
                StateSink = (state, _) =>
                {
                    received.Add(state.GetRawText());
                    return Task.CompletedTask;
                },
            }));

        Assert.Equal(BlockStatus.Success, result.Status);
        Assert.Equal(["""{"bookmarks":{"s":1}}"""], received);
        var log = await File.ReadAllLinesAsync(dir.File("elt.log"));
        Assert.Equal(4, log.Count(l => l.Contains("Received state from target-x is invalid", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_state_line_longer_than_the_buffer_size_is_dropped_and_the_next_one_kept()
    {
        using var dir = new TempDir();
        var received = new List<string>();
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-x", "true"),
            [],
            PluginProcess.Create("target-x", "python3", "-c", "import sys; sys.stdin.read(); print('{\"bookmarks\":{\"s\":\"' + 'v' * 5000 + '\"}}'); print('{\"bookmarks\":{\"s\":2}}')"),
            new BlockOptions
            {
                BufferSize = 1024,
                LogFilePath = dir.File("elt.log"),
                StateSink = (state, _) =>
                {
                    received.Add(state.GetRawText());
                    return Task.CompletedTask;
                },
            }));

        Assert.Equal(BlockStatus.Success, result.Status);
        Assert.Equal(["""{"bookmarks":{"s":2}}"""], received);
        Assert.Contains("target-x printed a state line longer than elt.buffer_size (1024 bytes)", await File.ReadAllTextAsync(dir.File("elt.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_sink_that_throws_fails_the_run()
    {
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-x", "true"),
            [],
            Plugins.Sh("target-x", """cat > /dev/null; echo '{"bookmarks":{"s":1}}'"""),
            new BlockOptions { StateSink = (_, _) => throw new InvalidOperationException("database is gone") }));

        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.Contains("database is gone", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_JSON_line_from_the_tap_fails_the_run_as_the_extractors_fault_naming_the_line()
    {
        using var dir = new TempDir();
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-noisy", """printf '%s\n' '{"type":"RECORD","stream":"s","record":{}}' 'Starting sync...' '{"type":"RECORD","stream":"s","record":{}}'"""),
            [],
            Plugins.Sh("target-file", "cat > /dev/null"),
            new BlockOptions { LogFilePath = dir.File("elt.log") }));

        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.StartsWith("Extractor failed: tap-noisy printed a line that is not a Singer message (JSON) on stdout: line 2: Starting sync...", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 2", await File.ReadAllTextAsync(dir.File("elt.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_garbage_from_a_plugin_is_escaped_in_the_elt_log_and_the_console()
    {
        using var dir = new TempDir();
        var console = new List<string>();
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-garbage", """printf 'bad \033[2J\007 bytes\000 end\n' >&2; printf '\033]0;owned\007\n'"""),
            [],
            Plugins.Sh("target-x", "cat > /dev/null"),
            new BlockOptions { LogFilePath = dir.File("elt.log"), ConsoleSink = line => { lock (console) { console.Add(line); } } }));

        var log = await File.ReadAllTextAsync(dir.File("elt.log"));
        Assert.Equal(BlockStatus.Failed, result.Status);
        Assert.Contains(@"tap-garbage | bad \x1b[2J\x07 bytes\x00 end", log, StringComparison.Ordinal);
        Assert.Contains(@"\x1b]0;owned\x07", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(log, c => c is '\x1b' or '\0' or '\x07');
        Assert.DoesNotContain(string.Concat(console), c => c is '\x1b' or '\0' or '\x07');
    }

    [Fact]
    public async Task Plugin_stderr_lands_in_the_elt_log_prefixed_with_timestamp_and_plugin_and_echoes_to_the_console()
    {
        using var dir = new TempDir();
        var logPath = EltLogPath.For(dir.Path, "dev:tap-x-to-target-x", Guid.NewGuid());
        var console = new List<string>();
        var result = await new BlockRunner().RunAsync(new BlockSpec(
            Plugins.Sh("tap-x", "echo 'extracting people' >&2"),
            [],
            Plugins.Sh("target-x", "cat > /dev/null; echo 'loaded 0 rows' >&2"),
            new BlockOptions { LogFilePath = logPath, ConsoleSink = line => { lock (console) { console.Add(line); } } }));

        Assert.Equal(BlockStatus.Success, result.Status);
        var lines = await File.ReadAllLinesAsync(logPath);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z tap-x \| extracting people$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z target-x \| loaded 0 rows$"));
        Assert.Equal(lines, console);
    }

    private static List<StreamCount> ExpectedCounts(string jsonl)
    {
        var counts = new Dictionary<string, (long Records, long Bytes)>();
        foreach (var line in File.ReadAllLines(jsonl))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("type").GetString() != "RECORD")
            {
                continue;
            }

            var stream = doc.RootElement.GetProperty("stream").GetString()!;
            var (records, bytes) = counts.GetValueOrDefault(stream);
            counts[stream] = (records + 1, bytes + System.Text.Encoding.UTF8.GetByteCount(line) + 1);
        }

        return [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new StreamCount(c.Key, c.Value.Records, c.Value.Bytes))];
    }
}
