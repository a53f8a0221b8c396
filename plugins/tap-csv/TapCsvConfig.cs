using System.Text.Json;

namespace Tapline.Plugins.TapCsv;

/// <summary>One entry of <c>files</c>, as MeltanoLabs tap-csv: a stream read from a file, folder or glob.</summary>
internal sealed record CsvFileDefinition(string Entity, string Path, IReadOnlyList<string> Keys, string? ReplicationKey, char Delimiter, string Encoding);

internal static class TapCsvConfig
{
    public static List<CsvFileDefinition> Load(string? path)
    {
        if (path is null) throw new PluginException("--config is required");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonDocument? definitionDoc = null;
        if (!doc.RootElement.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
        {
            // MeltanoLabs tap-csv also takes the list from a JSON file named by csv_files_definition.
            if (Str(doc.RootElement, "csv_files_definition") is not { } definition)
            {
                throw new PluginException($"config {path}: setting 'files' must be a list of {{entity, path, keys}} (or set 'csv_files_definition')");
            }
            if (!File.Exists(definition)) throw new PluginException($"config {path}: csv_files_definition '{definition}' does not exist");
            definitionDoc = JsonDocument.Parse(File.ReadAllBytes(definition));
            files = definitionDoc.RootElement;
            if (files.ValueKind != JsonValueKind.Array) throw new PluginException($"{definition}: must hold a list of {{entity, path, keys}}");
            path = definition;
        }
        using var owned = definitionDoc;
        var result = new List<CsvFileDefinition>();
        var index = 0;
        foreach (var f in files.EnumerateArray())
        {
            var where = $"config {path}: files[{index++}]";
            var entity = Str(f, "entity") ?? throw new PluginException($"{where}: 'entity' is required");
            var filePath = Str(f, "path") ?? throw new PluginException($"{where}: 'path' is required");
            var keys = f.TryGetProperty("keys", out var k) && k.ValueKind == JsonValueKind.Array
                ? k.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
                : [];
            var delimiter = Str(f, "delimiter") is { Length: 1 } d ? d[0] : ',';
            result.Add(new CsvFileDefinition(entity, filePath, keys, Str(f, "replication_key"), delimiter, Str(f, "encoding") ?? "utf-8"));
        }
        return result;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The files of a definition: a file, every *.csv in a folder, or a glob in the last segment.</summary>
    public static List<string> ResolveFiles(CsvFileDefinition def)
    {
        if (Directory.Exists(def.Path))
        {
            return Directory.EnumerateFiles(def.Path, "*.csv").Order(StringComparer.Ordinal).ToList();
        }
        var name = System.IO.Path.GetFileName(def.Path);
        if (name.IndexOfAny(['*', '?']) >= 0)
        {
            var dir = System.IO.Path.GetDirectoryName(def.Path);
            dir = string.IsNullOrEmpty(dir) ? "." : dir;
            if (!Directory.Exists(dir)) throw new PluginException($"stream '{def.Entity}': folder '{dir}' of '{def.Path}' does not exist");
            return Directory.EnumerateFiles(dir, name).Order(StringComparer.Ordinal).ToList();
        }
        if (!File.Exists(def.Path)) throw new PluginException($"stream '{def.Entity}': file '{def.Path}' does not exist");
        return [def.Path];
    }
}
