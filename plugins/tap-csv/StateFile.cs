using System.Text.Json.Nodes;

namespace Tapline.Plugins.TapCsv;

internal static class StateFile
{
    /// <summary>The <c>bookmarks</c> object of a state file (also inside Meltano's <c>singer_state</c> wrapper).</summary>
    public static JsonObject LoadBookmarks(string? path)
    {
        if (path is null || !File.Exists(path) || new FileInfo(path).Length == 0) return new JsonObject();
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        if (root?["singer_state"] is JsonObject inner) root = inner;
        return root?["bookmarks"] is JsonObject b ? (JsonObject)b.DeepClone() : new JsonObject();
    }
}
