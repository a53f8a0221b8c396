using System.Text.Json.Nodes;

namespace Tapline.Core.Tests.Singer;

/// <summary>The real third-party catalogs recorded in ../shared/fixtures/singer-recordings (see RepoPaths).</summary>
internal static class CatalogFixtures
{
    public static string RecordingsDir => global::Tapline.TestSupport.RepoPaths.SingerRecordings;

    public static JsonNode Load(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(RecordingsDir, name)))!;

    public static JsonObject Stream(JsonNode catalog, string id) =>
        catalog["streams"]!.AsArray().OfType<JsonObject>().Single(s => s["tap_stream_id"]!.ToString() == id);

    public static JsonObject? Metadata(JsonObject stream, params string[] breadcrumb) =>
        stream["metadata"]!.AsArray().OfType<JsonObject>()
            .SingleOrDefault(m => m["breadcrumb"]!.AsArray().Select(x => x!.ToString()).SequenceEqual(breadcrumb))?["metadata"] as JsonObject;

    public static bool? Selected(JsonObject stream, params string[] breadcrumb) =>
        Metadata(stream, breadcrumb)?["selected"]?.GetValue<bool>();
}
