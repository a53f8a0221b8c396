using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Tapline.Plugins.TargetPostgres;

/// <summary>
/// Buffers each stream's records as COPY text, then in one transaction per flush: creates or
/// widens the table, COPYs into a temp table and upserts on the key properties (the last
/// record for a key wins).
/// </summary>
internal sealed class PostgresLoader(NpgsqlConnection connection, PostgresSettings settings) : ISingerTarget, IAsyncDisposable
{
    // A new SCHEMA may change the table: what is pending for the old one is written first.
    async ValueTask ISingerTarget.SchemaAsync(JsonElement message, long line)
    {
        await FlushAsync(CancellationToken.None);
        Schema(TableSchema.From(message, line));
    }

    async ValueTask ISingerTarget.RecordAsync(JsonElement message, long line)
    {
        Record(message, line);
        if (NeedsFlush)
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    async ValueTask ISingerTarget.FlushAsync() => await FlushAsync(CancellationToken.None);

    private readonly Dictionary<string, TableSchema> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StringBuilder> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _prepared = new(StringComparer.Ordinal);
    private long _seq;
    private int _pendingRows;

    public void Schema(TableSchema schema)
    {
        if (_schemas.TryGetValue(schema.Stream, out var old) && old != schema && _pending.ContainsKey(schema.Stream))
        {
            throw new PluginException($"stream '{schema.Stream}': schema changed with records pending; flush first");
        }
        _schemas[schema.Stream] = schema;
        _prepared.Remove(schema.Stream);
    }

    public bool NeedsFlush => _pendingRows >= settings.BatchSizeRows;

    public void Record(JsonElement message, long line)
    {
        var stream = message.TryGetProperty("stream"u8, out var s) ? s.GetString() ?? "" : "";
        if (!_schemas.TryGetValue(stream, out var schema)) throw new PluginException($"line {line}: RECORD for stream '{stream}' before its SCHEMA");
        if (!message.TryGetProperty("record"u8, out var record) || record.ValueKind != JsonValueKind.Object)
        {
            throw new PluginException($"line {line}: RECORD without a 'record' object");
        }
        if (!_pending.TryGetValue(stream, out var sb)) _pending[stream] = sb = new StringBuilder();
        foreach (var column in schema.Columns)
        {
            if (record.TryGetProperty(column.Name, out var value)) AppendCopyValue(sb, value, column.SqlType == "jsonb");
            else sb.Append("\\N");
            sb.Append('\t');
        }
        sb.Append((++_seq).ToString(CultureInfo.InvariantCulture)).Append('\n');
        _pendingRows++;
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0) return;
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var (stream, rows) in _pending)
        {
            var schema = _schemas[stream];
            await PrepareTableAsync(schema, ct);
            await LoadAsync(schema, rows, ct);
        }
        await tx.CommitAsync(ct);
        _pending.Clear();
        _pendingRows = 0;
    }

    private async Task PrepareTableAsync(TableSchema schema, CancellationToken ct)
    {
        if (_prepared.Contains(schema.Stream)) return;
        var table = Table(schema);
        var columns = string.Join(", ", schema.Columns.Select(c => $"{Quote(c.Name)} {c.SqlType}"));
        var key = schema.Keys.Count > 0 ? $", PRIMARY KEY ({string.Join(", ", schema.Keys.Select(Quote))})" : "";
        var sql = new StringBuilder()
            .Append($"CREATE SCHEMA IF NOT EXISTS {Quote(settings.Schema)};")
            .Append($"CREATE TABLE IF NOT EXISTS {table} ({columns}{key});");
        foreach (var c in schema.Columns) sql.Append($"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {Quote(c.Name)} {c.SqlType};");
        await using var cmd = new NpgsqlCommand(sql.ToString(), connection);
        await cmd.ExecuteNonQueryAsync(ct);
        _prepared.Add(schema.Stream);
    }

    private async Task LoadAsync(TableSchema schema, StringBuilder rows, CancellationToken ct)
    {
        const string temp = "tapline_load";
        var columnList = string.Join(", ", schema.Columns.Select(c => Quote(c.Name)));
        var columnDefs = string.Join(", ", schema.Columns.Select(c => $"{Quote(c.Name)} {c.SqlType}"));
        await using (var create = new NpgsqlCommand($"DROP TABLE IF EXISTS {temp}; CREATE TEMP TABLE {temp} ({columnDefs}, tapline_seq bigint) ON COMMIT DROP", connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        await using (var writer = await connection.BeginTextImportAsync($"COPY {temp} ({columnList}, tapline_seq) FROM STDIN", ct))
        {
            foreach (var chunk in rows.GetChunks()) await writer.WriteAsync(chunk, ct);
        }

        string upsert;
        if (schema.Keys.Count == 0)
        {
            upsert = $"INSERT INTO {Table(schema)} ({columnList}) SELECT {columnList} FROM {temp} ORDER BY tapline_seq";
        }
        else
        {
            var keys = string.Join(", ", schema.Keys.Select(Quote));
            var updates = schema.Columns.Where(c => !schema.Keys.Contains(c.Name)).Select(c => $"{Quote(c.Name)} = EXCLUDED.{Quote(c.Name)}").ToList();
            var onConflict = updates.Count == 0 ? "DO NOTHING" : $"DO UPDATE SET {string.Join(", ", updates)}";
            upsert = $"INSERT INTO {Table(schema)} ({columnList}) SELECT DISTINCT ON ({keys}) {columnList} FROM {temp} ORDER BY {keys}, tapline_seq DESC ON CONFLICT ({keys}) {onConflict}";
        }
        await using var cmd = new NpgsqlCommand(upsert, connection);
        await cmd.ExecuteNonQueryAsync(ct);
        await using var drop = new NpgsqlCommand($"DROP TABLE {temp}", connection);
        await drop.ExecuteNonQueryAsync(ct);
    }

    private string Table(TableSchema schema) => $"{Quote(settings.Schema)}.{Quote(schema.Stream)}";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static void AppendCopyValue(StringBuilder sb, JsonElement value, bool json)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                sb.Append("\\N");
                return;
            case JsonValueKind.String when !json:
                Escape(sb, value.GetString()!);
                return;
            case JsonValueKind.True when !json:
                sb.Append("true");
                return;
            case JsonValueKind.False when !json:
                sb.Append("false");
                return;
            default:
                Escape(sb, value.GetRawText());
                return;
        }
    }

    private static void Escape(StringBuilder sb, string s)
    {
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
