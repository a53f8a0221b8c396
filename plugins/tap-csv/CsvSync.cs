using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tapline.Plugins.TapCsv;

/// <summary>Syncs one stream: SCHEMA, the RECORDs past the bookmark, then STATE with the new bookmark.</summary>
internal sealed class CsvSync(CsvStream stream, SingerWriter writer, JsonObject bookmarks)
{
    private readonly string _name = stream.Definition.Entity;
    private readonly JsonEncodedText[] _columnNames = stream.Header.Select(h => JsonEncodedText.Encode(h, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)).ToArray();

    public void Run()
    {
        WriteSchema();
        var replicationKey = stream.Definition.ReplicationKey;
        var keyIndex = replicationKey is null ? -1 : Array.IndexOf(stream.Header, replicationKey);
        var numericKey = keyIndex >= 0 && (stream.Kinds[keyIndex] & (ColumnKind.Integer | ColumnKind.Number)) != 0;
        string? bookmark = null;
        if (replicationKey is not null
            && bookmarks[_name] is JsonObject b
            && b["replication_key"]?.ToString() == replicationKey
            && b["replication_key_value"] is JsonNode bookmarkValue)
        {
            bookmark = bookmarkValue.ToString();
        }
        var max = bookmark;
        var timeExtracted = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var nameBytes = Encoding.UTF8.GetBytes(_name);

        foreach (var file in stream.Files)
        {
            using var text = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
            var csv = new CsvReader(text, stream.Definition.Delimiter);
            if (!csv.ReadRow()) continue;
            var header = csv.FieldsAsStrings();
            if (!header.SequenceEqual(stream.Header))
            {
                throw new PluginException($"stream '{_name}': header of '{file}' differs from '{stream.Files[0]}'");
            }
            while (csv.ReadRow())
            {
                if (csv.FieldCount == 1 && csv.Field(0).IsEmpty) continue;
                if (csv.FieldCount != header.Length)
                {
                    throw new PluginException($"stream '{_name}': {file} row {csv.Row} has {csv.FieldCount} fields, the header has {header.Length}");
                }
                if (keyIndex >= 0)
                {
                    var value = csv.Field(keyIndex);
                    if (bookmark is not null && Compare(value, bookmark, numericKey) <= 0) continue;
                    if (max is null || Compare(value, max, numericKey) > 0) max = value.ToString();
                }
                WriteRecord(csv, nameBytes, timeExtracted, file);
            }
        }

        var entry = new JsonObject();
        if (replicationKey is not null && max is not null)
        {
            entry["replication_key"] = replicationKey;
            entry["replication_key_value"] = numericKey ? JsonValue.Create(decimal.Parse(max, CultureInfo.InvariantCulture)) : max;
        }
        bookmarks[_name] = entry;
        var json = writer.Begin();
        json.WriteStartObject();
        json.WriteString("type"u8, "STATE"u8);
        json.WritePropertyName("value"u8);
        new JsonObject { ["bookmarks"] = bookmarks.DeepClone() }.WriteTo(json);
        json.WriteEndObject();
        writer.End();
    }

    private static int Compare(ReadOnlySpan<char> a, string b, bool numeric) =>
        numeric && decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
            ? x.CompareTo(y)
            : a.SequenceCompareTo(b);

    private void WriteSchema()
    {
        var json = writer.Begin();
        json.WriteStartObject();
        json.WriteString("type"u8, "SCHEMA"u8);
        json.WriteString("stream"u8, _name);
        json.WritePropertyName("schema"u8);
        stream.Schema.WriteTo(json);
        json.WriteStartArray("key_properties"u8);
        foreach (var key in stream.Definition.Keys) json.WriteStringValue(key);
        json.WriteEndArray();
        if (stream.Definition.ReplicationKey is { } rk)
        {
            json.WriteStartArray("bookmark_properties"u8);
            json.WriteStringValue(rk);
            json.WriteEndArray();
        }
        json.WriteEndObject();
        writer.End();
    }

    private void WriteRecord(CsvReader csv, byte[] nameBytes, string timeExtracted, string file)
    {
        var json = writer.Begin();
        json.WriteStartObject();
        json.WriteString("type"u8, "RECORD"u8);
        json.WriteString("stream"u8, nameBytes);
        json.WriteStartObject("record"u8);
        for (var i = 0; i < csv.FieldCount; i++)
        {
            var kind = stream.Kinds[i];
            if ((kind & ColumnKind.Skipped) != 0) continue;
            var value = csv.Field(i);
            json.WritePropertyName(_columnNames[i]);
            if (value.IsEmpty && (kind & ColumnKind.Nullable) != 0)
            {
                json.WriteNullValue();
                continue;
            }
            switch (kind & ~ColumnKind.Nullable)
            {
                case ColumnKind.Integer when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                    json.WriteNumberValue(l);
                    break;
                case ColumnKind.Number when decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                    json.WriteNumberValue(d);
                    break;
                case ColumnKind.Boolean when bool.TryParse(value, out var flag):
                    json.WriteBooleanValue(flag);
                    break;
                case ColumnKind.String:
                    json.WriteStringValue(value);
                    break;
                default:
                    throw new PluginException($"stream '{_name}': {file} row {csv.Row} column '{stream.Header[i]}': '{value}' is not a valid {kind & ~ColumnKind.Nullable}");
            }
        }
        json.WriteEndObject();
        json.WriteString("time_extracted"u8, timeExtracted);
        json.WriteEndObject();
        writer.End();
    }
}
