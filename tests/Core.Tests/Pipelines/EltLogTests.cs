using Tapline.Core.Pipelines;

namespace Tapline.Core.Tests.Pipelines;

public class EltLogTests
{
    [Fact]
    public async Task A_line_appended_from_outside_a_run_has_the_engines_prefix_and_escaping()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tapline-eltlog-{Guid.NewGuid():N}", "elt.log");
        var at = DateTimeOffset.Parse("2026-11-24T22:00:01.123Z", System.Globalization.CultureInfo.InvariantCulture);
        await using (var log = new EltLog(path, null))
        {
            log.Write("tap-csv", "started");
        }

        await EltLog.AppendAsync(path, EltLog.EngineSource, "reaped\u001b[31m", at);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z tap-csv \| started$", lines[0]);
        Assert.Equal("2026-11-24T22:00:01.123Z tapline | reaped\\x1b[31m", lines[1]);
    }
}
