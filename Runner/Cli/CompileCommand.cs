using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tapline.Core.Project;
using Tapline.Core.Settings;
using YamlDotNet.RepresentationModel;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline compile [--directory DIR] [--indent N] [--safe/--unsafe]</c>: Meltano's manifests — the project with
/// its include files merged and each plugin's effective definition and config as written — written to
/// <c>.meltano/manifests/meltano-manifest.json</c> (no environment) and <c>meltano-manifest.&lt;env&gt;.json</c>.
/// </summary>
public static class CompileCommand
{
    public static Command Create()
    {
        var directory = new Option<string>("--directory") { Description = "Where the manifest files are written", DefaultValueFactory = _ => ".meltano/manifests" };
        var indent = new Option<int>("--indent") { Description = "Spaces of indentation (-1: none)", DefaultValueFactory = _ => 4 };
        var safe = new Option<bool>("--safe") { Description = "Redact sensitive settings (the default)" };
        var @unsafe = new Option<bool>("--unsafe") { Description = "Write sensitive settings' values" };
        var lint = new Option<bool>("--lint") { Description = "Accepted as Meltano's; `tapline lint` validates the project" };
        var command = new Command("compile", "Compile the project into environment-specific manifest files") { directory, indent, safe, @unsafe, lint };
        CliAction.Set(command, async (parse, ct) =>
        {
            var root = CliGlobals.ProjectRoot(parse);
            var first = CliGlobals.OpenProject(parse);
            var dir = Path.GetFullPath(parse.GetValue(directory)!, root);
            Directory.CreateDirectory(dir);
            // As Meltano: an explicit environment compiles that one; otherwise no environment and every environment.
            var explicitEnvironment = !parse.GetValue(CliGlobals.NoEnvironment) && parse.GetValue(CliGlobals.Environment) is not null;
            IReadOnlyList<string?> environments = parse.GetValue(CliGlobals.NoEnvironment) ? [null]
                : explicitEnvironment ? [first.Environment?.Name]
                : [null, .. first.Project.Environments.Select(e => e.Name)];
            Console.WriteLine("Compiling Meltano manifest for environments: " + string.Join(", ", environments.Select(e => e ?? "no environment")));
            var options = new JsonSerializerOptions
            {
                WriteIndented = parse.GetValue(indent) > 0,
                IndentSize = Math.Clamp(parse.GetValue(indent), 1, 127),
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            };
            foreach (var environment in environments)
            {
                var ctx = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, Environment = environment ?? "" });
                var manifest = Manifest(ctx, redact: !parse.GetValue(@unsafe));
                var path = Path.Combine(dir, environment is null ? "meltano-manifest.json" : $"meltano-manifest.{environment}.json");
                await File.WriteAllTextAsync(path, Sorted(manifest)!.ToJsonString(options) + "\n", ct);
                Console.WriteLine($"Compiled {path}");
            }
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>The project as one document: include files merged, environment folded in, plugins effective.</summary>
    private static JsonObject Manifest(ProjectContext ctx, bool redact)
    {
        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var file in ctx.Project.IncludedFiles.Prepend(ctx.Project.File))
        {
            var yaml = new YamlStream();
            using (var reader = File.OpenText(file))
            {
                yaml.Load(reader);
            }
            if (yaml.Documents.FirstOrDefault()?.RootNode is YamlMappingNode map)
            {
                MergeInclude(merged, YamlValues.ToDictionary(map));
            }
        }
        var manifest = (JsonObject)JsonValues.ToNode(merged)!;
        manifest.Remove("environments");
        var env = new JsonObject();
        foreach (var (k, v) in ctx.Project.Env.Concat(ctx.Environment?.Env ?? new Dictionary<string, string>()))
        {
            env[k] = v;
        }
        manifest["env"] = env;
        var plugins = new JsonObject();
        foreach (var type in PluginTypes.All)
        {
            var list = new JsonArray();
            foreach (var plugin in ctx.Project.PluginsOf(type))
            {
                list.Add((JsonNode)PluginJson(ctx, plugin, redact));
            }
            if (list.Count > 0)
            {
                plugins[type.YamlKey()] = list;
            }
        }
        manifest["plugins"] = plugins;
        return manifest;
    }

    /// <summary>Lists of included files add to the main file's lists (as Meltano's include_paths).</summary>
    private static void MergeInclude(Dictionary<string, object?> into, Dictionary<string, object?> part)
    {
        foreach (var (key, value) in part)
        {
            if (into.TryGetValue(key, out var existing) && existing is List<object?> a && value is List<object?> b)
            {
                a.AddRange(b);
            }
            else if (existing is Dictionary<string, object?> da && value is Dictionary<string, object?> db)
            {
                MergeInclude(da, db);
            }
            else if (!into.ContainsKey(key))
            {
                into[key] = value;
            }
        }
    }

    /// <summary>
    /// A plugin's effective definition with its config as written (the root entry, then the environment's entry
    /// over it), $VARs left for run time as in the files, so compiling never needs the terminal's secrets.
    /// </summary>
    private static JsonObject PluginJson(ProjectContext ctx, PluginDefinition plugin, bool redact)
    {
        var envEntry = ctx.Environment?.FindPlugin(plugin.Type, plugin.Name);
        var config = Merge(plugin.Config, envEntry?.Config);
        if (redact)
        {
            foreach (var setting in plugin.EffectiveSettings.Where(s => s.IsRedacted))
            {
                RedactPath(config, setting.Name);
            }
        }
        var o = new JsonObject
        {
            ["name"] = plugin.Name,
            ["namespace"] = plugin.EffectiveNamespace,
            ["variant"] = plugin.EffectiveVariant,
            ["pip_url"] = plugin.EffectivePipUrl,
            ["executable"] = plugin.EffectiveExecutable,
            ["inherit_from"] = plugin.InheritFrom,
            ["capabilities"] = new JsonArray([.. plugin.EffectiveCapabilities.Select(c => (JsonNode?)c)]),
            ["settings"] = new JsonArray([.. plugin.EffectiveSettings.Select(s => (JsonNode?)SettingJson(s))]),
            ["commands"] = new JsonObject(plugin.EffectiveCommands.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)new JsonObject
            {
                ["args"] = c.Value.Args,
                ["executable"] = c.Value.Executable,
                ["description"] = c.Value.Description,
            }))),
            ["config"] = JsonValues.ToNode(config),
            ["env"] = new JsonObject(plugin.Env.Concat(envEntry?.Env ?? new Dictionary<string, string>())
                .GroupBy(kv => kv.Key).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Last().Value))),
            ["select"] = JsonValues.ToNode(plugin.Select),
            ["metadata"] = JsonValues.ToNode(plugin.Metadata?.ToDictionary(kv => kv.Key, kv => kv.Value)),
            ["schema"] = JsonValues.ToNode(plugin.Schema?.ToDictionary(kv => kv.Key, kv => kv.Value)),
            ["select_filter"] = JsonValues.ToNode(plugin.SelectFilter),
        };
        // The environment's extras (select, metadata, ...) replace the root's, as Meltano merges them.
        foreach (var (key, value) in envEntry?.Extras ?? new Dictionary<string, object?>())
        {
            o[key] = JsonValues.ToNode(value);
        }
        foreach (var key in o.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            o.Remove(key);
        }
        return o;
    }

    private static Dictionary<string, object?> Merge(IReadOnlyDictionary<string, object?> root, IReadOnlyDictionary<string, object?>? over)
    {
        var merged = new Dictionary<string, object?>(root, StringComparer.Ordinal);
        foreach (var (key, value) in over ?? new Dictionary<string, object?>())
        {
            merged[key] = merged.GetValueOrDefault(key) is Dictionary<string, object?> a && value is Dictionary<string, object?> b ? Merge(a, b) : value;
        }
        return merged;
    }

    /// <summary>Replaces a sensitive setting's written value (a key, or a dotted path of nested keys) with Meltano's "(redacted)".</summary>
    private static void RedactPath(Dictionary<string, object?> config, string name)
    {
        if (config.ContainsKey(name))
        {
            config[name] = Redaction.Value;
            return;
        }
        var parts = name.Split('.');
        var node = config;
        foreach (var part in parts[..^1])
        {
            if (node.GetValueOrDefault(part) is not Dictionary<string, object?> child)
            {
                return;
            }
            node = child;
        }
        if (node.ContainsKey(parts[^1]))
        {
            node[parts[^1]] = Redaction.Value;
        }
    }

    private static JsonObject SettingJson(SettingDefinition s)
    {
        var o = new JsonObject { ["name"] = s.Name, ["kind"] = s.Kind.Name() };
        if (s.Value is not null) o["value"] = JsonValues.ToNode(s.Value);
        if (s.Env is not null) o["env"] = s.Env;
        if (s.Sensitive) o["sensitive"] = true;
        if (s.Label is not null) o["label"] = s.Label;
        if (s.Description is not null) o["description"] = s.Description;
        if (s.Aliases.Count > 0) o["aliases"] = new JsonArray([.. s.Aliases.Select(a => (JsonNode?)a)]);
        return o;
    }

    /// <summary>Keys sorted at every level, as Meltano writes manifests (json.dump sort_keys).</summary>
    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Sorted(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };
}
