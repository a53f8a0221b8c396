using System.CommandLine;
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
        CliAction.Set(command, parse =>
        {
            var target = Target(parse);
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
        return command;
    }

    private static ConfigTarget Target(ParseResult parse) =>
        ConfigTarget.For(CliGlobals.OpenProject(parse), parse.GetValue(Plugin) ?? throw new UsageException("PLUGIN is required"),
            parse.GetValue(PluginType));

    private static Command CreateList()
    {
        var list = new Command("list", "List settings with their current value and where it comes from");
        CliAction.Set(list, parse =>
        {
            if (parse.GetValue(Plugin) is null)
            {
                return ListAll(parse);
            }
            var resolved = Target(parse).Resolve();
            var unsafeOutput = parse.GetValue(Unsafe);
            void Print(ResolvedSetting s)
            {
                var value = s.Value is null ? "None" : JsonValues.Serialize(s.DisplayValue(unsafeOutput));
                var from = s.Source == SettingValueSource.Unset ? "" : $" (from {s.Source.Label()})";
                Console.WriteLine($"{s.Name} [env: {s.EnvVar}] current value: {value}{from}");
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
    private static int ListAll(ParseResult parse)
    {
        var ctx = CliGlobals.OpenProject(parse);
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
                var value = s.Value is null ? "None" : JsonValues.Serialize(s.DisplayValue(unsafeOutput));
                var from = s.Source == SettingValueSource.Unset ? "" : $" (from {s.Source.Label()})";
                Console.WriteLine($"  {s.Name} [env: {s.EnvVar}] current value: {value}{from}");
            }
        }
        return CliExit.Ok;
    }

    private static Command CreateSet()
    {
        var name = new Argument<string>("SETTING") { Description = "Setting name (dotted for nested: a.b)" };
        var value = new Argument<string>("VALUE") { Description = "Value; JSON for arrays and objects" };
        var set = new Command("set", "Set a setting") { name, value };
        CliAction.Set(set, parse =>
        {
            var target = Target(parse);
            var def = FindDefinition(target, parse.GetValue(name)!, parse.GetValue(value)!);
            var text = parse.GetValue(value)!;
            object? raw = def.Kind is SettingKind.String or SettingKind.Password or SettingKind.Oauth or SettingKind.Email
                or SettingKind.File or SettingKind.Hidden or SettingKind.DateIso8601 or SettingKind.Options && !def.Custom
                ? text
                : SettingCoercion.ParseJson(text) ?? text;
            var typed = SettingCoercion.Coerce(def, raw, target.Plugin?.Name ?? ProjectSettingDefinitions.Owner, "the command line");
            var store = ChooseStore(parse.GetValue(Store)!, target, def);
            if (store is null)
            {
                return CliExit.Error;
            }
            var ctx = target.Context;
            string where;
            if (store == "dotenv")
            {
                ProjectFile.EnsureWritable(ctx.Root, ctx.Project.TopLevel);
                var envVar = def.Env ?? EnvVarNames.For(target.EnvPrefixes[0], def.Name);
                DotEnvFile.Set(ctx.DotEnvPath, envVar, JsonValues.ToEnvText(typed));
                where = "`.env`";
            }
            else
            {
                var environment = store == "environment" ? ctx.Environment!.Name : null;
                ProjectFile.Edit(ctx.Root, doc => target.SetYml(doc, def.Name, typed, environment));
                where = environment is null ? "`meltano.yml`" : $"the '{environment}' environment in `meltano.yml`";
            }
            var shown = def.IsRedacted && !parse.GetValue(Unsafe) ? Redaction.Value : JsonValues.Serialize(typed);
            Console.WriteLine($"{target.Label} setting '{def.Name}' was set in {where}: {shown}");
            return CliExit.Ok;
        });
        return set;
    }

    private static Command CreateUnset()
    {
        var name = new Argument<string>("SETTING");
        var unset = new Command("unset", "Remove a setting's value from a store") { name };
        CliAction.Set(unset, parse =>
        {
            var target = Target(parse);
            var def = FindDefinition(target, parse.GetValue(name)!, null);
            var store = parse.GetValue(Store)!;
            if (store == "db")
            {
                return NotYet();
            }
            var removed = new List<string>();
            Remove(target, [def], store, removed);
            Console.WriteLine(removed.Count == 0
                ? $"{target.Label} setting '{def.Name}' was not set in {(store == "auto" ? "any store" : store)}"
                : $"{target.Label} setting '{def.Name}' was unset from {string.Join(" and ", removed.Distinct())}");
            return CliExit.Ok;
        });
        return unset;
    }

    private static Command CreateReset()
    {
        var reset = new Command("reset", "Remove every setting's value from a store");
        CliAction.Set(reset, parse =>
        {
            var target = Target(parse);
            if (target.Plugin is null)
            {
                Console.Error.WriteLine("error: refusing to reset all of Meltano's settings; unset them one by one");
                return CliExit.Error;
            }
            var store = parse.GetValue(Store)!;
            if (store == "db")
            {
                return NotYet();
            }
            var ctx = target.Context;
            var removed = new List<string>();
            var plugin = target.Plugin;
            var defs = plugin.EffectiveSettings.Concat(PluginExtras.For(plugin.Type))
                .Concat(plugin.Config.Keys.Select(k => new SettingDefinition { Name = k, Custom = true })).ToList();
            if (store is "auto" or "dotenv")
            {
                Remove(target, defs, "dotenv", removed);
            }
            if (store is "auto" or "meltano_yml")
            {
                var env = store == "auto" ? ctx.Environment?.Name : null;
                ProjectFile.Edit(ctx.Root, doc =>
                {
                    if (doc.ResetPluginConfig(plugin.Type, plugin.Name))
                    {
                        removed.Add("`meltano.yml`");
                    }
                    if (env is not null && doc.ResetPluginConfig(plugin.Type, plugin.Name, env))
                    {
                        removed.Add($"the '{env}' environment in `meltano.yml`");
                    }
                });
            }
            Console.WriteLine(removed.Count == 0
                ? $"{target.Label} has no settings to reset"
                : $"{target.Label} settings were reset in {string.Join(" and ", removed.Distinct())}");
            return CliExit.Ok;
        });
        return reset;
    }

    private static void Remove(ConfigTarget target, IReadOnlyList<SettingDefinition> defs, string store, List<string> removed)
    {
        var ctx = target.Context;
        if (store is "auto" or "dotenv")
        {
            ProjectFile.EnsureWritable(ctx.Root, ctx.Project.TopLevel);
            foreach (var envVar in defs.SelectMany(d => SettingsResolver.EnvVarsFor(d, target.EnvPrefixes)).Distinct())
            {
                if (DotEnvFile.Unset(ctx.DotEnvPath, envVar))
                {
                    removed.Add("`.env`");
                }
            }
        }
        if (store is "auto" or "meltano_yml")
        {
            var env = store == "auto" && target.Plugin is not null ? ctx.Environment?.Name : null;
            ProjectFile.Edit(ctx.Root, doc =>
            {
                foreach (var d in defs)
                {
                    if (target.UnsetYml(doc, d.Name, null))
                    {
                        removed.Add("`meltano.yml`");
                    }
                    if (env is not null && target.UnsetYml(doc, d.Name, env))
                    {
                        removed.Add($"the '{env}' environment in `meltano.yml`");
                    }
                }
            });
        }
    }

    /// <summary>Meltano's auto store: secrets to .env, else the active environment, else meltano.yml.</summary>
    private static string? ChooseStore(string requested, ConfigTarget target, SettingDefinition def)
    {
        switch (requested)
        {
            case "db":
                NotYet();
                return null;
            case "dotenv" or "meltano_yml":
                return requested;
        }
        if (target.Context.Settings.ProjectReadonly)
        {
            throw new ProjectReadOnlyException();
        }
        if (def.IsRedacted)
        {
            return "dotenv";
        }
        return target.Plugin is not null && target.Context.Environment is not null ? "environment" : "meltano_yml";
    }

    private static int NotYet()
    {
        Console.Error.WriteLine("error: --store db is not yet available (it arrives with the system database); use dotenv or meltano_yml");
        return CliExit.Error;
    }

    /// <summary>The declared definition (by name or alias), an extra, or a custom setting typed by its value.</summary>
    private static SettingDefinition FindDefinition(ConfigTarget target, string name, string? value)
    {
        var defs = target.Plugin is null
            ? ProjectSettingDefinitions.All
            : target.Plugin.EffectiveSettings.Concat(PluginExtras.For(target.Plugin.Type)).ToList();
        var def = defs.FirstOrDefault(d => d.Name == name) ?? defs.FirstOrDefault(d => d.Aliases.Contains(name));
        if (def is not null)
        {
            return def;
        }
        if (target.Plugin is null)
        {
            throw new SettingsException($"'{name}' is not a Meltano project setting (known: {string.Join(", ", defs.Select(d => d.Name))})");
        }
        var parsed = value is null ? null : SettingCoercion.ParseJson(value) ?? value;
        return new SettingDefinition { Name = name, Custom = true, Kind = parsed is List<object?> ? SettingKind.Array : parsed is Dictionary<string, object?> ? SettingKind.Object : SettingKind.String };
    }
}
