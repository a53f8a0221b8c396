using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>
/// The plugin arguments of <c>add</c> and <c>remove</c>: Meltano 3's <c>TYPE NAME...</c>, or names alone with
/// <c>--plugin-type</c>, else the type inferred from the name as Meltano does (tap- extractor, target- loader,
/// anything else a utility).
/// </summary>
public static class PluginArguments
{
    public static (PluginType Type, IReadOnlyList<string> Names) Parse(string[] args, string? pluginType)
    {
        if (pluginType is not null)
        {
            return PluginTypes.TryParse(pluginType, out var explicitType)
                ? (explicitType, args)
                : throw new UsageException($"unknown plugin type '{pluginType}'");
        }
        if (args.Length > 1 && PluginTypes.TryParse(args[0], out var type))
        {
            return (type, args[1..]);
        }
        if (args.Length == 0)
        {
            throw new UsageException("name the plugin");
        }
        var inferred = args.Select(Infer).Distinct().ToList();
        return inferred.Count == 1 ? (inferred[0], args) : throw new UsageException("plugins of several types: pass --plugin-type or add them one type at a time");
    }

    private static PluginType Infer(string name) =>
        name.StartsWith("tap-", StringComparison.Ordinal) ? PluginType.Extractors
        : name.StartsWith("target-", StringComparison.Ordinal) ? PluginType.Loaders
        : PluginType.Utilities;

    /// <summary>Meltano's descriptor of a plugin type in messages ("extractor", "utility", "file bundle").</summary>
    public static string Descriptor(PluginType type) => type == PluginType.Files ? "file bundle" : type.Singular();

    public static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
