using System.CommandLine;
using System.Text.Json.Nodes;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Runner.Cli;

/// <summary>
/// <c>tapline config PLUGIN [list|set|unset|reset]</c>, as Meltano's: without a subcommand prints the resolved
/// config as JSON (sensitive values "(redacted)" unless --unsafe). PLUGIN "meltano" means Tapline's own settings.
/// </summary>
public static class ConfigCommand
{
    private static readonly Argument<string?> Plugin = new("PLUGIN")
    {
        Description = "Plugin name, or 'meltano' for project settings (optional for list: every plugin)",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private static readonly Option<string?> PluginType = new("--plugin-type") { Description = "extractor, loader, ... when the name is ambiguous", Recursive = true };
    private static readonly Option<bool> Unsafe = new("--unsafe") { Description = "Show sensitive values instead of (redacted)", Recursive = true };
    private static readonly Option<bool> Extras = new("--extras") { Description = "Include extras (_select, _metadata, ...)", Recursive = true };
    private static readonly Option<string> Store = new("--store")
    {
        Description = "Where to write: auto (default), dotenv, meltano_yml, db",
        DefaultValueFactory = _ => "auto",
        Recursive = true,
    };
    private static readonly Option<string> Format = new("--format") { Description = "json (default) or env", DefaultValueFactory = _ => "json" };

    static ConfigCommand()
    {
        Store.AcceptOnlyFromAmong("auto", "dotenv", "meltano_yml", "db");
        Format.AcceptOnlyFromAmong("json", "env");
    }

    public static Command Create()
    {
        var command = new Command("config", "Show and change plugin and project settings") { Plugin, PluginType, Unsafe, Extras, Store, Format };
        CliAction.Set(command, async (parse, ct) =>
        {
            var target = await TargetAsync(parse, ct);
            var resolved = target.Resolve();
            if (parse.GetValue(Format) == "env")
            {
                var unsafeOutput = parse.GetValue(Unsafe);
                foreach (var s in resolved.All.Where(s => s.Value is not null && (!s.IsExtra || parse.GetValue(Extras))))
                {
                    Console.WriteLine($"{s.EnvVar}={JsonValues.ToEnvText(s.DisplayValue(unsafeOutput))}");
                }
                return CliExit.Ok;
            }
            Console.WriteLine(resolved.ToJson(parse.GetValue(Unsafe), parse.GetValue(Extras)).ToJsonString(CliJson.Indented));
            return CliExit.Ok;
        });
        command.Add(CreateList());
        command.Add(CreateSet());
        command.Add(CreateUnset());
        command.Add(CreateReset());
        command.Add(ConfigTestCommand.Create(Plugin, PluginType));
        return command;
    }

    // Only writes that go to the system database create it (--store db, or auto in a read-only project, which
    // Meltano sends to the database); otherwise its settings layer is read when the database already exists.
    private static async Task<ConfigTarget> TargetAsync(ParseResult parse, CancellationToken ct, bool writes = false)
    {
        var plugin = parse.GetValue(Plugin) ?? throw new UsageException("PLUGIN is required");
        var store = StoreOf(parse);
        var ctx = await CliDatabase.OpenProjectAsync(parse,
            plain => writes && (store == SettingStore.Db || (store == SettingStore.Auto && plain.Settings.ProjectReadonly)), ct);
        return ConfigTarget.For(ctx, plugin, parse.GetValue(PluginType));
    }

    /// <summary>
    /// One line of <c>config list</c>, as Meltano prints it: the value as JSON, except a redacted one, which is
    /// printed bare (<c>current value: (redacted)</c>).
    /// </summary>
    private static string ListLine(ResolvedSetting s, bool unsafeOutput)
    {
        var value = s.Value is null ? "None"
            : s.Redacted && !unsafeOutput ? Redaction.Value
            : JsonValues.Serialize(s.DisplayValue(unsafeOutput));
        var from = s.Source == SettingValueSource.Unset ? "" : $" (from {s.Source.Label()})";
        return $"{s.Name} [env: {s.EnvVar}] current value: {value}{from}";
    }

    private static Command CreateList()
    {
        var list = new Command("list", "List settings with their current value and where it comes from");
        CliAction.Set(list, async (parse, ct) =>
        {
            if (parse.GetValue(Plugin) is null)
            {
                return await ListAllAsync(parse, ct);
            }
            var resolved = (await TargetAsync(parse, ct)).Resolve();
            var unsafeOutput = parse.GetValue(Unsafe);
            void Print(ResolvedSetting s)
            {
                Console.WriteLine(ListLine(s, unsafeOutput));
                if (s.Definition.Description is { } d)
                {
                    Console.WriteLine($"\t{d}");
                }
            }
            foreach (var s in resolved.Config.Where(s => !s.Definition.Custom))
            {
                Print(s);
            }
            var custom = resolved.Config.Where(s => s.Definition.Custom).ToList();
            if (custom.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine("Custom, possibly unsupported by the plugin:");
                custom.ForEach(Print);
            }
            if (parse.GetValue(Extras) && resolved.Extras.Any())
            {
                Console.WriteLine();
                Console.WriteLine("Extras:");
                foreach (var s in resolved.Extras)
                {
                    Print(s);
                }
            }
            return CliExit.Ok;
        });
        return list;
    }

    /// <summary><c>tapline config list</c> without a plugin: every plugin's settings, then the project's.</summary>
    private static async Task<int> ListAllAsync(ParseResult parse, CancellationToken ct)
    {
        var ctx = await CliDatabase.OpenProjectAsync(parse, createDatabase: false, ct);
        var unsafeOutput = parse.GetValue(Unsafe);
        var targets = ctx.Project.Plugins.Select(p => new ConfigTarget(ctx, p)).Append(new ConfigTarget(ctx, null));
        var first = true;
        foreach (var target in targets)
        {
            if (!first)
            {
                Console.WriteLine();
            }
            first = false;
            Console.WriteLine(target.Plugin is null ? "meltano (project settings):" : $"{target.Plugin.Name} ({target.Plugin.Type.YamlKey()}):");
            foreach (var s in target.Resolve().Config)
            {
                Console.WriteLine("  " + ListLine(s, unsafeOutput));
            }
        }
        return CliExit.Ok;
    }

    private static Command CreateSet()
    {
        var name = new Argument<string>("SETTING") { Description = "Setting name (dotted for nested: a.b)" };
        var value = new Argument<string>("VALUE") { Description = "Value; JSON for arrays and objects" };
        var set = new Command("set", "Set a setting") { name, value };
        CliAction.Set(set, async (parse, ct) =>
        {
            var target = await TargetAsync(parse, ct, writes: true);
            var result = SettingsWriter.Set(target.Context, target.Plugin, parse.GetValue(name)!, parse.GetValue(value)!, StoreOf(parse));
            var shown = result.Definition.IsRedacted && !parse.GetValue(Unsafe) ? Redaction.Value : JsonValues.Serialize(result.Value);
            Console.WriteLine($"{target.Label} setting '{result.Definition.Name}' was set in {result.Where}: {shown}");
            await CliAudit.WriteAsync(parse, "config.set", $"{target.Label} {result.Definition.Name}",
                new JsonObject { ["store"] = result.Where.ToString(), ["value"] = result.Definition.IsRedacted ? Redaction.Value : JsonValues.Serialize(result.Value) }, ct);
            return CliExit.Ok;
        });
        return set;
    }

    private static Command CreateUnset()
    {
        var name = new Argument<string>("SETTING");
        var unset = new Command("unset", "Remove a setting's value from a store") { name };
        CliAction.Set(unset, async (parse, ct) =>
        {
            var target = await TargetAsync(parse, ct, writes: true);
            var setting = parse.GetValue(name)!;
            var removed = SettingsWriter.Unset(target.Context, target.Plugin, setting, StoreOf(parse));
            Console.WriteLine(removed.Count == 0
                ? $"{target.Label} setting '{setting}' was not set in {parse.GetValue(Store)} store(s)"
                : $"{target.Label} setting '{setting}' was unset from {string.Join(" and ", removed)}");
            return CliExit.Ok;
        });
        return unset;
    }

    private static Command CreateReset()
    {
        var reset = new Command("reset", "Remove every setting's value from a store");
        CliAction.Set(reset, async (parse, ct) =>
        {
            var target = await TargetAsync(parse, ct, writes: true);
            if (target.Plugin is null)
            {
                Console.Error.WriteLine("error: refusing to reset all of Meltano's settings; unset them one by one");
                return CliExit.Error;
            }
            var removed = SettingsWriter.Reset(target.Context, target.Plugin, StoreOf(parse));
            Console.WriteLine(removed.Count == 0
                ? $"{target.Label} has no settings to reset"
                : $"{target.Label} settings were reset in {string.Join(" and ", removed)}");
            return CliExit.Ok;
        });
        return reset;
    }

    private static SettingStore StoreOf(ParseResult parse) =>
        SettingStores.TryParse(parse.GetValue(Store)!, out var store) ? store : SettingStore.Auto;
}
