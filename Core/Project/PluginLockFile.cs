using System.Text.Json;
using Tapline.Core.Settings;

namespace Tapline.Core.Project;

/// <summary>
/// Meltano 3's lock file <c>plugins/&lt;type&gt;/&lt;name&gt;--&lt;variant&gt;.lock</c>: the Hub definition of one
/// variant (settings with kind/env/aliases/sensitive/value, commands, executable, namespace, capabilities,
/// pip_url, ...), which Meltano uses as the parent of the meltano.yml entry. Read here into a
/// <see cref="PluginDefinition"/> whose <see cref="PluginDefinition.LockFile"/> says where it came from.
/// </summary>
public static class PluginLockFile
{
    /// <summary>
    /// Where Meltano looks for the lock file of <paramref name="plugin"/>: named for the plugin it inherits
    /// from (or itself) and its variant; without a variant, the one lock file of that name if there is one.
    /// </summary>
    public static string? Find(string root, PluginDefinition plugin)
    {
        var name = plugin.InheritFrom ?? plugin.Name;
        if (plugin.Variant is { } variant)
        {
            var path = PathOf(root, plugin.Type, name, variant);
            return File.Exists(path) ? path : null;
        }
        var plain = PathOf(root, plugin.Type, name, variant: null);
        var dir = Path.GetDirectoryName(plain)!;
        if (File.Exists(plain))
        {
            return plain;
        }
        var variants = Directory.Exists(dir) ? Directory.GetFiles(dir, $"{name}--*.lock") : [];
        return variants.Length == 1 ? variants[0] : null;
    }

    /// <summary>The lock file's name, as Meltano writes it: <c>plugins/&lt;type&gt;/&lt;name&gt;--&lt;variant&gt;.lock</c> (<c>&lt;name&gt;.lock</c> without a variant).</summary>
    public static string PathOf(string root, PluginType type, string name, string? variant) =>
        Path.Combine(root, "plugins", type.YamlKey(), variant is null ? $"{name}.lock" : $"{name}--{variant}.lock");

    /// <summary>Reads a lock file; a malformed one is reported as a project error and yields null.</summary>
    public static PluginDefinition? Read(string path, PluginType type, List<ProjectError> errors)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            errors.Add(new ProjectError(path, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, $"malformed lock file: {ex.Message}"));
            return null;
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ProjectError(path, 1, 1, "a lock file must be a JSON object"));
            return null;
        }
        var at = new SourceLocation(path, 1, 1);
        var values = (Dictionary<string, object?>)JsonValues.FromElement(root)!;
        string? Str(string key) => values.GetValueOrDefault(key) as string;
        return new PluginDefinition
        {
            Type = type,
            Name = Str("name") ?? Path.GetFileNameWithoutExtension(path).Split("--")[0],
            Variant = Str("variant"),
            PipUrl = Str("pip_url"),
            Executable = Str("executable"),
            Namespace = Str("namespace"),
            Settings = Settings(values.GetValueOrDefault("settings"), path, errors),
            Capabilities = (values.GetValueOrDefault("capabilities") as List<object?>)?.OfType<string>().ToList() ?? [],
            Commands = Commands(values.GetValueOrDefault("commands")),
            Requires = values.GetValueOrDefault("requires") as Dictionary<string, object?>,
            Extras = values.Where(kv => !Modelled.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value),
            Location = at,
            LockFile = path,
        };
    }

    private static readonly HashSet<string> Modelled =
        ["plugin_type", "name", "variant", "pip_url", "executable", "namespace", "settings", "capabilities", "commands", "requires"];

    private static List<SettingDefinition> Settings(object? node, string path, List<ProjectError> errors)
    {
        var result = new List<SettingDefinition>();
        foreach (var s in (node as List<object?>)?.OfType<Dictionary<string, object?>>() ?? [])
        {
            if (s.GetValueOrDefault("name") is not string name)
            {
                continue;
            }
            var kind = SettingKind.String;
            if (s.GetValueOrDefault("kind") is string kindText && !SettingKinds.TryParse(kindText, out kind))
            {
                errors.Add(new ProjectError(path, 1, 1, $"setting '{name}': unknown kind '{kindText}'"));
            }
            result.Add(new SettingDefinition
            {
                Name = name,
                Aliases = (s.GetValueOrDefault("aliases") as List<object?>)?.OfType<string>().ToList() ?? [],
                Kind = kind,
                Value = s.GetValueOrDefault("value"),
                Env = s.GetValueOrDefault("env") as string,
                Sensitive = s.GetValueOrDefault("sensitive") is true,
                Options = ((s.GetValueOrDefault("options") as List<object?>)?.OfType<Dictionary<string, object?>>() ?? [])
                    .Select(o => new SettingOption(Convert.ToString(o.GetValueOrDefault("value"), System.Globalization.CultureInfo.InvariantCulture) ?? "", o.GetValueOrDefault("label") as string))
                    .ToList(),
                Label = s.GetValueOrDefault("label") as string,
                Description = s.GetValueOrDefault("description") as string,
                Extras = s.Where(kv => kv.Key is not ("name" or "aliases" or "kind" or "value" or "env" or "sensitive" or "options" or "label" or "description"))
                    .ToDictionary(kv => kv.Key, kv => kv.Value),
                Location = new SourceLocation(path, 1, 1),
            });
        }
        return result;
    }

    private static Dictionary<string, PluginCommand> Commands(object? node)
    {
        var result = new Dictionary<string, PluginCommand>(StringComparer.Ordinal);
        foreach (var (name, value) in node as Dictionary<string, object?> ?? [])
        {
            result[name] = value switch
            {
                Dictionary<string, object?> cmd => new PluginCommand(name, cmd.GetValueOrDefault("args") as string ?? "",
                    cmd.GetValueOrDefault("executable") as string, cmd.GetValueOrDefault("description") as string),
                _ => new PluginCommand(name, value as string ?? "", null, null),
            };
        }
        return result;
    }
}
