using System.Text.Json;
using Npgsql;
using Tapline.Plugins;
using Tapline.Plugins.TargetPostgres;

// target-postgres: a state value is printed only after the transaction holding every record
// before it has committed, so persisted state never runs ahead of the database.
try
{
    var parsed = SingerArgs.Parse(args);
    if (parsed.About)
    {
        Console.WriteLine("""
            {"name": "target-postgres", "capabilities": [], "settings": [
              {"name": "sqlalchemy_url", "kind": "password"}, {"name": "host"}, {"name": "port", "kind": "integer", "value": 5432},
              {"name": "user"}, {"name": "password", "kind": "password"}, {"name": "database"},
              {"name": "default_target_schema"}, {"name": "batch_size_rows", "kind": "integer", "value": 100000}]}
            """);
        return 0;
    }
    var settings = PostgresSettings.Load(parsed.Config);
    var connection = new NpgsqlConnection(settings.ConnectionString);
    await connection.OpenAsync();
    await using var loader = new PostgresLoader(connection, settings);
    await using var stdout = Console.OpenStandardOutput();
    var reader = new SingerLineReader(Console.OpenStandardInput());
    while (reader.TryReadLine(out var line))
    {
        if (line.IsEmpty) continue;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new PluginException($"line {reader.LineNumber} is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            var type = root.TryGetProperty("type"u8, out var t) ? t.GetString() : null;
            switch (type)
            {
                case "SCHEMA":
                    await loader.FlushAsync(CancellationToken.None);
                    loader.Schema(TableSchema.From(root, reader.LineNumber));
                    break;
                case "RECORD":
                    loader.Record(root, reader.LineNumber);
                    if (loader.NeedsFlush) await loader.FlushAsync(CancellationToken.None);
                    break;
                case "STATE":
                    if (root.TryGetProperty("value"u8, out var value))
                    {
                        var state = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value).ToArray();
                        await loader.FlushAsync(CancellationToken.None);
                        stdout.Write(state);
                        stdout.WriteByte((byte)'\n');
                        stdout.Flush();
                    }
                    break;
                case "ACTIVATE_VERSION" or "BATCH":
                    break;
                default:
                    throw new PluginException($"line {reader.LineNumber}: unknown message type '{type}'");
            }
        }
    }
    await loader.FlushAsync(CancellationToken.None);
    return 0;
}
catch (PluginException e)
{
    Console.Error.WriteLine($"target-postgres: {e.Message}");
    return 1;
}
catch (Exception e) when (e is IOException or NpgsqlException or JsonException or InvalidOperationException)
{
    Console.Error.WriteLine($"target-postgres: {e.GetType().Name}: {e.Message}");
    return 1;
}
