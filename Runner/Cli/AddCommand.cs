using System.CommandLine;
using System.Text.Json.Nodes;
using Tapline.Core.Project;
using Tapline.Core.Settings;
using YamlDotNet.RepresentationModel;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline add [TYPE] NAME... [--variant V] [--as ALIAS] [--inherit-from P] [--custom ...] [--from-ref REF]
/// [--no-install] [--update/--no-update] [--force-install]</c>, as Meltano's: a Hub plugin is written into
/// meltano.yml as <c>name</c>, <c>variant</c>, <c>pip_url</c> with its definition in the lock file
/// <c>plugins/&lt;type&gt;/&lt;name&gt;--&lt;variant&gt;.lock</c>; a custom plugin (<c>--custom</c>, non-interactive here:
/// its definition comes from flags) and a <c>--from-ref</c> definition are written whole into meltano.yml.
/// </summary>
public static class AddCommand
{
    public static Command Create()
    {
        var plugins = new Argument<string[]>("PLUGIN") { Arity = ArgumentArity.OneOrMore, Description = "[TYPE] NAME..." };
        var pluginType = new Option<string?>("--plugin-type") { Description = "The plugins' type (else the first argument, else inferred from the name)" };
        var variant = new Option<string?>("--variant") { Description = "A specific (non-default) variant from Meltano Hub" };
        var asName = new Option<string?>("--as") { Description = "Add the plugin under this name (inheriting from NAME)" };
        var inheritFrom = new Option<string?>("--inherit-from") { Description = "Inherit from a plugin of the project, or a Hub plugin by name" };
        var custom = new Option<bool>("--custom") { Description = "A plugin not on the Hub, defined by --namespace, --pip-url, --executable, --capabilities, --settings" };
        var fromRef = new Option<string?>("--from-ref") { Description = "A plugin definition (YAML or JSON) in a local file or at a URL" };
        var noInstall = new Option<bool>("--no-install") { Description = "Do not install the plugin" };
        var install = new Option<bool>("--install") { Description = "Install the plugin (the default)" };
        var update = new Option<bool>("--update") { Description = "Update a plugin that is already in the project (the default)" };
        var noUpdate = new Option<bool>("--no-update") { Description = "Leave a plugin that is already in the project as it is" };
        var forceInstall = new Option<bool>("--force-install") { Description = "Ignore the Python version the plugin declares" };
        var ns = new Option<string?>("--namespace") { Description = "--custom: the namespace (default: the name with _ for -)" };
        var pipUrl = new Option<string?>("--pip-url") { Description = "--custom: what pip installs" };
        var executable = new Option<string?>("--executable") { Description = "--custom: the executable (default: the name)" };
        var capabilities = new Option<string?>("--capabilities") { Description = "--custom: comma-separated capabilities (catalog,discover,state,...)" };
        var settings = new Option<string?>("--settings") { Description = "--custom: comma-separated setting names, each NAME or NAME:KIND" };
        var command = new Command("add", "Add a plugin to the project")
        {
            plugins, pluginType, variant, asName, inheritFrom, custom, fromRef, noInstall, install, update, noUpdate, forceInstall,
            ns, pipUrl, executable, capabilities, settings,
        };
        CliAction.Set(command, async (parse, ct) =>
        {
            var (type, names) = PluginArguments.Parse(parse.GetValue(plugins)!, parse.GetValue(pluginType));
            var parent = parse.GetValue(inheritFrom);
            if (parse.GetValue(asName) is { } alias)
            {
                // As Meltano: `add TYPE NAME --as ALIAS` is `add TYPE ALIAS --inherit-from NAME`.
                parent = names[0];
                names = [alias];
            }
            if (parse.GetValue(custom) && type is PluginType.Transforms or PluginType.Orchestrators)
            {
                throw new ProjectException($"--custom is not supported for {type.YamlKey()}");
            }
            var ctx = CliGlobals.OpenProject(parse);
            var reference = parse.GetValue(fromRef) is { } refText ? await LoadReferenceAsync(ctx.Root, refText, ct) : null;
            var added = new List<string>();
            foreach (var requested in names)
            {
                var name = reference?["name"] as string ?? requested;
                var existing = ctx.Project.FindPlugin(name, type);
                var descriptor = PluginArguments.Descriptor(type);
                if (existing is not null && parse.GetValue(noUpdate))
                {
                    await Console.Error.WriteLineAsync($"{PluginArguments.Capitalized(descriptor)} '{name}' already exists in your Meltano project");
                    Console.WriteLine($"To add it to your project another time so that each can be configured differently,\nadd a new plugin inheriting from the existing one with its own unique name:\n\ttapline add {type.Singular()} {name}--new --inherit-from {name}");
                    continue;
                }

                Dictionary<string, object?> entry;
                MeltanoHub.Definition? hubDefinition = null;
                if (reference is not null)
                {
                    entry = new Dictionary<string, object?>(reference, StringComparer.Ordinal) { ["name"] = name };
                }
                else if (parse.GetValue(custom))
                {
                    entry = CustomEntry(name, parse.GetValue(ns), parse.GetValue(pipUrl), parse.GetValue(executable), parse.GetValue(capabilities), parse.GetValue(settings));
                }
                else if (parent is not null && ctx.Project.FindPlugin(parent, type) is not null)
                {
                    entry = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = name, ["inherit_from"] = parent };
                }
                else
                {
                    using var hub = new MeltanoHub(ctx);
                    hubDefinition = await hub.FindAsync(type, parent ?? name, parse.GetValue(variant), ct);
                    entry = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = name };
                    if (parent is not null)
                    {
                        entry["inherit_from"] = parent;
                    }
                    entry["variant"] = hubDefinition.Variant;
                    if (hubDefinition.Json["pip_url"] is JsonValue pip)
                    {
                        entry["pip_url"] = (string?)pip;
                    }
                    // The lock file is the definition; always refreshed when the user adds the plugin again.
                    await LockFile.WriteAsync(ctx.Root, type, parent ?? name, hubDefinition, overwrite: true, ct);
                }
                if (existing is not null)
                {
                    entry = MergedOverExisting(ctx, type, name, entry);
                }
                await ProjectFile.EditAsync(ctx.Root, doc => doc.SetPlugin(type, entry), cancellationToken: ct);
                Console.WriteLine($"{(existing is null ? "Added" : "Updated")} {descriptor} '{name}' {(existing is null ? "to" : "in")} your project");
                var variantText = entry.GetValueOrDefault("variant") as string;
                var label = variantText is null ? null : hubDefinition?.IsDefaultVariant == true ? $"{variantText} (default)" : variantText;
                if (entry.GetValueOrDefault("inherit_from") is string inherits)
                {
                    Console.WriteLine($"Inherit from:\t{inherits}{(label is null ? "" : $", variant {label}")}");
                }
                else if (label is not null)
                {
                    Console.WriteLine($"Variant:\t{label}");
                }
                if (hubDefinition?.Json["repo"] is JsonValue repo)
                {
                    Console.WriteLine($"Repository:\t{repo}");
                }
                if (hubDefinition?.Json["docs"] is JsonValue docs)
                {
                    Console.WriteLine($"Documentation:\t{docs}");
                }
                Console.WriteLine();
                added.Add(name);
            }
            if (added.Count == 0 || parse.GetValue(noInstall))
            {
                return CliExit.Ok;
            }
            var reopened = CliGlobals.OpenProject(parse);
            return await InstallCommand.InstallAsync(reopened, [.. added.Select(a => reopened.FindPlugin(a, type))], ct);
        });
        return command;
    }

    private static Dictionary<string, object?> CustomEntry(string name, string? ns, string? pipUrl, string? executable, string? capabilities, string? settings)
    {
        var entry = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = name,
            ["namespace"] = ns ?? name.Replace('-', '_'),
        };
        if (pipUrl is not null)
        {
            entry["pip_url"] = pipUrl;
        }
        entry["executable"] = executable ?? name;
        if (capabilities is not null)
        {
            entry["capabilities"] = Split(capabilities).Cast<object?>().ToList();
        }
        if (settings is not null)
        {
            entry["settings"] = Split(settings).Select(s =>
            {
                var colon = s.IndexOf(':');
                var setting = new Dictionary<string, object?>(StringComparer.Ordinal) { ["name"] = colon < 0 ? s : s[..colon] };
                if (colon >= 0)
                {
                    var kind = s[(colon + 1)..];
                    if (!SettingKinds.TryParse(kind, out _))
                    {
                        throw new UsageException($"--settings: '{kind}' is not a setting kind (string, integer, boolean, password, ...)");
                    }
                    setting["kind"] = kind;
                }
                return (object?)setting;
            }).ToList();
        }
        return entry;
    }

    private static IEnumerable<string> Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Re-adding updates the entry: what the add decides replaces those keys; config and the rest stay.</summary>
    private static Dictionary<string, object?> MergedOverExisting(ProjectContext ctx, PluginType type, string name, Dictionary<string, object?> entry)
    {
        foreach (var file in ctx.Project.IncludedFiles.Prepend(ctx.Project.File))
        {
            var yaml = new YamlStream();
            using (var reader = File.OpenText(file))
            {
                yaml.Load(reader);
            }
            if (yaml.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode("plugins"), out var pluginsNode) && pluginsNode is YamlMappingNode byType
                && byType.Children.TryGetValue(new YamlScalarNode(type.YamlKey()), out var listNode) && listNode is YamlSequenceNode list
                && list.Children.OfType<YamlMappingNode>().FirstOrDefault(m => m.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n is YamlScalarNode { Value: var v } && v == name) is { } found)
            {
                var merged = YamlValues.ToDictionary(found);
                foreach (var (key, value) in entry)
                {
                    merged[key] = value;
                }
                return merged;
            }
        }
        return entry;
    }

    /// <summary>Meltano's --from-ref: YAML (JSON is YAML) from a file, or from a URL when the reference has a scheme and host.</summary>
    private static async Task<Dictionary<string, object?>> LoadReferenceAsync(string root, string reference, CancellationToken ct)
    {
        string text;
        if (Uri.TryCreate(reference, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            try
            {
                text = await http.GetStringAsync(uri, ct);
            }
            catch (HttpRequestException e)
            {
                throw new UsageException($"--from-ref: {reference}: {e.Message}");
            }
        }
        else
        {
            var path = Path.GetFullPath(reference);
            if (!File.Exists(path))
            {
                throw new UsageException($"--from-ref: file '{reference}' does not exist");
            }
            text = await File.ReadAllTextAsync(path, ct);
        }
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ProjectException($"--from-ref: {reference} is not a plugin definition: {e.Message}");
        }
        if (yaml.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode map)
        {
            throw new ProjectException($"--from-ref: {reference} is not a plugin definition (a mapping with name, namespace, ...)");
        }
        var definition = YamlValues.ToDictionary(map);
        // Meltano keeps the definition's own keys, not the plugin_type the file may name.
        definition.Remove("plugin_type");
        if (definition.GetValueOrDefault("name") is not string)
        {
            throw new ProjectException($"--from-ref: {reference} has no 'name'");
        }
        return definition;
    }
}
