namespace Tapline.Api.Tests.Support;

/// <summary>Reads server-sent events off a streaming response, one event at a time.</summary>
public sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    public sealed record Event(string? Id, string Type, string Data);

    public async Task<Event> NextAsync(CancellationToken cancellationToken)
    {
        string? id = null;
        var type = "message";
        var data = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("the stream ended before the next event");
            if (line.Length == 0)
            {
                if (data.Count == 0 && id is null && type == "message") continue;
                var e = new Event(id, type, string.Join('\n', data));
                if (e.Type == "ping") { id = null; type = "message"; data.Clear(); continue; }
                return e;
            }
            if (line.StartsWith(':')) continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data.Add(value); break;
            }
        }
    }

    public async Task<bool> IsAtEndAsync(CancellationToken cancellationToken) => await _reader.ReadLineAsync(cancellationToken) is null;

    public void Dispose() => _reader.Dispose();
}
