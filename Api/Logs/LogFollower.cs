using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;

namespace Tapline.Api.Logs;

/// <summary>
/// Follows a run's log as the Runner appends to it: yields each complete line (id = its
/// 1-based line number) after line <c>from</c>, waits for more while the run is going, and
/// ends with an <c>end</c> event carrying the final status once the run has ended and the
/// file is drained. A reconnecting client passes its last id and resumes after it.
/// </summary>
public sealed class LogFollower(IServiceScopeFactory scopes, LogDirectory directory)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(15);

    public async IAsyncEnumerable<SseItem<string>> FollowAsync(long runId, long from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var run = await FindAsync(runId, cancellationToken);
        long lineNumber = 0;
        long position = 0;
        var pending = new StringBuilder();
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var lastStatus = DateTime.UtcNow;
        var lastPing = DateTime.UtcNow;

        while (true)
        {
            // Read the status before draining: a run seen ended here has written its last line already.
            var ended = run is null || run.Ended;
            var lines = new List<string>();
            var path = run is null || string.IsNullOrWhiteSpace(run.LogPath) ? null : directory.Resolve(run);
            if (path is not null && File.Exists(path))
            {
                await using var stream = LogReader.OpenShared(path);
                if (stream.Length < position)
                {
                    // Truncated or replaced: nothing sensible to resume; start over from the top.
                    position = 0;
                    lineNumber = 0;
                    pending.Clear();
                }
                stream.Seek(position, SeekOrigin.Begin);
                int read;
                while ((read = await stream.ReadAsync(bytes, cancellationToken)) > 0)
                {
                    position += read;
                    var n = decoder.GetChars(bytes, 0, read, chars, 0);
                    Split(chars.AsSpan(0, n), pending, lines);
                }
            }
            if (ended && pending.Length > 0)
            {
                lines.Add(pending.ToString());
                pending.Clear();
            }
            foreach (var line in lines)
            {
                lineNumber++;
                if (lineNumber > from)
                {
                    yield return new SseItem<string>(line) { EventId = lineNumber.ToString(CultureInfo.InvariantCulture) };
                }
            }
            if (ended)
            {
                yield return new SseItem<string>(run?.Status ?? "unknown", "end");
                yield break;
            }
            if (lines.Count == 0)
            {
                if (DateTime.UtcNow - lastPing > PingEvery)
                {
                    // Keeps idle proxies from closing a quiet stream; EventSource ignores unknown event types.
                    lastPing = DateTime.UtcNow;
                    yield return new SseItem<string>("", "ping");
                }
                await Task.Delay(Poll, cancellationToken);
            }
            if (DateTime.UtcNow - lastStatus > StatusEvery || lines.Count == 0)
            {
                lastStatus = DateTime.UtcNow;
                run = await FindAsync(runId, cancellationToken);
            }
        }
    }

    private static void Split(ReadOnlySpan<char> text, StringBuilder pending, List<string> lines)
    {
        while (true)
        {
            var newline = text.IndexOf('\n');
            if (newline < 0)
            {
                pending.Append(text);
                return;
            }
            pending.Append(text[..newline]);
            if (pending.Length > 0 && pending[^1] == '\r') pending.Length--;
            lines.Add(pending.ToString());
            pending.Clear();
            text = text[(newline + 1)..];
        }
    }

    private async Task<RunLogInfo?> FindAsync(long runId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IRunLogSource>().FindAsync(runId, cancellationToken);
    }
}
