using System.Text.Json.Nodes;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>
/// Meltano's lock file: <c>plugins/&lt;type&gt;/&lt;name&gt;--&lt;variant&gt;.lock</c>, the Hub definition of one variant as a
/// standalone plugin (Meltano's StandalonePlugin: plugin_type first, its keys in their order, empty ones left out),
/// JSON indented by 2 with a final newline.
/// </summary>
public static class LockFile
{
    /// <summary>The keys of Meltano's StandalonePlugin, in the order it writes them; any other Hub key follows.</summary>
    private static readonly string[] KeyOrder =
    [
        "name", "namespace", "variant", "label", "docs", "repo", "pip_url", "python", "executable", "description", "logo_url",
        "capabilities", "settings_group_validation", "settings", "commands", "requires", "requires_meltano", "env", "supported_python_versions",
    ];

    /// <summary>Hub-only keys that describe the variant in the index, not the plugin (Meltano drops them too).</summary>
    private static readonly HashSet<string> HubOnly = ["variants", "default_variant", "is_default_variant", "deprecated", "hidden", "plugin_type"];

    public static string PathOf(string root, PluginType type, string name, string? variant) =>
        PluginLockFile.PathOf(root, type, name, variant);

    public static string Text(PluginType type, JsonObject definition, string variant)
    {
        var lockJson = new JsonObject { ["plugin_type"] = type.YamlKey() };
        void Put(string key, JsonNode? value)
        {
            if (value is null || value is JsonArray { Count: 0 } || value is JsonObject { Count: 0 })
            {
                return;
            }
            lockJson[key] = value.DeepClone();
        }
        foreach (var key in KeyOrder)
        {
            Put(key, key == "variant" ? JsonValue.Create(variant) : definition[key]);
        }
        foreach (var (key, value) in definition)
        {
            if (!KeyOrder.Contains(key) && !HubOnly.Contains(key))
            {
                Put(key, value);
            }
        }
        return lockJson.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 2,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
    }

    /// <summary>Writes the lock file; false (and nothing written) when it exists and <paramref name="overwrite"/> is off.</summary>
    public static async Task<(bool Written, string Path)> WriteAsync(string root, PluginType type, string name, MeltanoHub.Definition definition, bool overwrite, CancellationToken ct)
    {
        var path = PathOf(root, type, name, definition.Variant);
        if (File.Exists(path) && !overwrite)
        {
            return (false, path);
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, Text(type, definition.Json, definition.Variant), ct);
        return (true, path);
    }
}
