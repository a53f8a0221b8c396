namespace Tapline.Core.Project;

/// <summary>The plugin sections of meltano.yml's <c>plugins:</c> mapping.</summary>
public enum PluginType
{
    Extractors,
    Loaders,
    Transforms,
    Transformers,
    Orchestrators,
    Utilities,
    Mappers,
    Files,
}

public static class PluginTypes
{
    public static IReadOnlyList<PluginType> All { get; } = Enum.GetValues<PluginType>();

    /// <summary>The key under <c>plugins:</c> in meltano.yml, e.g. "extractors".</summary>
    public static string YamlKey(this PluginType type) => type.ToString().ToLowerInvariant();

    /// <summary>The type as one plugin of it is called in messages: "extractor", "utility", "file".</summary>
    public static string Singular(this PluginType type) => type switch
    {
        PluginType.Utilities => "utility",
        _ => type.YamlKey()[..^1],
    };

    /// <summary>Meltano's verb for the type, used for the MELTANO_EXTRACT_* style env prefixes.</summary>
    public static string Verb(this PluginType type) => type switch
    {
        PluginType.Extractors => "extract",
        PluginType.Loaders => "load",
        PluginType.Transforms or PluginType.Transformers => "transform",
        PluginType.Orchestrators => "orchestrate",
        PluginType.Utilities => "utilize",
        PluginType.Mappers => "map",
        _ => "files",
    };

    /// <summary>Parses "extractors" or the singular "extractor" (as Meltano's --plugin-type accepts).</summary>
    public static bool TryParse(string text, out PluginType type)
    {
        foreach (var t in All)
        {
            var key = t.YamlKey();
            if (string.Equals(text, key, StringComparison.OrdinalIgnoreCase)
                || string.Equals(text + "s", key, StringComparison.OrdinalIgnoreCase)
                || (t == PluginType.Utilities && string.Equals(text, "utility", StringComparison.OrdinalIgnoreCase)))
            {
                type = t;
                return true;
            }
        }
        type = default;
        return false;
    }
}
