using System.Text.Json.Nodes;
using Tapline.Plugins;
using Tapline.Plugins.TapCsv;

try
{
    var args2 = SingerArgs.Parse(args);
    if (args2.About)
    {
        Console.WriteLine(About.Json);
        return 0;
    }
    var definitions = TapCsvConfig.Load(args2.Config);
    var streams = definitions.Select(CsvStream.Discover).ToList();
    if (args2.Discover)
    {
        var catalog = new JsonObject { ["streams"] = new JsonArray(streams.Select(s => (JsonNode?)s.CatalogEntry()).ToArray()) };
        Console.WriteLine(catalog.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    if (args2.Catalog is not null)
    {
        var catalog = JsonNode.Parse(File.ReadAllText(args2.Catalog)) as JsonObject
            ?? throw new PluginException($"catalog {args2.Catalog} is not a JSON object");
        var entries = (catalog["streams"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(e => e["tap_stream_id"]?.ToString() ?? "", StringComparer.Ordinal);
        foreach (var stream in streams)
        {
            if (entries.TryGetValue(stream.Definition.Entity, out var entry)) stream.ApplyCatalog(entry);
            else stream.Selected = false;
        }
    }

    var bookmarks = StateFile.LoadBookmarks(args2.State);
    await using var stdout = Console.OpenStandardOutput();
    var writer = new SingerWriter(stdout);
    foreach (var stream in streams.Where(s => s.Selected))
    {
        new CsvSync(stream, writer, bookmarks).Run();
    }
    writer.Flush();
    return 0;
}
catch (PluginException e)
{
    Console.Error.WriteLine($"tap-csv: {e.Message}");
    return 1;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"tap-csv: {e.Message}");
    return 1;
}
