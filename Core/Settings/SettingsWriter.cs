using Tapline.Core.Project;

namespace Tapline.Core.Settings;

/// <summary>What a write did: the setting, its stored (typed) value and a human description of where it went.</summary>
public sealed record SettingWriteResult(SettingDefinition Definition, object? Value, SettingValueSource Store, string? Environment, string Where);

/// <summary>
/// Writes plugin settings (or, with a null plugin, Tapline's own settings) to .env, meltano.yml or the system
/// database (when the context was opened with an <see cref="ISettingsDbWriter"/>) with Meltano's store rules. Values are coerced to the setting's kind first: a wrong value writes nothing.
/// Used by <c>tapline config</c> and by the Api.
/// </summary>
public static class SettingsWriter
{
    public const string DbNotAvailable =
        "the system database store (--store db) is not open here; use dotenv or meltano_yml";

    private const string DbWhere = "the system database";

    /// <summary>The declared definition (name or alias), an extra, or a custom setting typed by its value.</summary>
    public static SettingDefinition FindDefinition(PluginDefinition? plugin, string name, object? value = null)
    {
        var defs = plugin is null ? ProjectSettingDefinitions.All : plugin.EffectiveSettings.Concat(PluginExtras.For(plugin.Type)).ToList();
        var def = defs.FirstOrDefault(d => d.Name == name) ?? defs.FirstOrDefault(d => d.Aliases.Contains(name));
        if (def is not null)
        {
            return def;
        }
        if (plugin is null)
        {
            throw new SettingsException($"'{name}' is not a Meltano project setting (known: {string.Join(", ", defs.Select(d => d.Name))})");
        }
        return new SettingDefinition { Name = name, Custom = true, Kind = SettingCoercion.InferKind(value) };
    }

    /// <summary>Text typed by a person: JSON where the kind wants a structure or number (or the setting is custom), else the text.</summary>
    public static object? ParseText(SettingDefinition def, string text) =>
        !def.Custom && def.Kind is SettingKind.String or SettingKind.Password or SettingKind.Oauth or SettingKind.Email
            or SettingKind.File or SettingKind.Hidden or SettingKind.DateIso8601 or SettingKind.Options
            ? text
            : SettingCoercion.ParseJson(text) ?? text;

    public static SettingWriteResult Set(ProjectContext ctx, PluginDefinition? plugin, string name, object? value, SettingStore store = SettingStore.Auto)
    {
        var def = FindDefinition(plugin, name, value is string s ? SettingCoercion.ParseJson(s) ?? s : value);
        if (value is string text)
        {
            value = ParseText(def, text);
        }
        var owner = plugin?.Name ?? ProjectSettingDefinitions.Owner;
        var typed = SettingCoercion.Coerce(def, value, owner, "the new value");
        var target = ChooseStore(ctx, plugin, def, store);
        if (target == SettingValueSource.Db)
        {
            var (dbType, dbName) = DbOwner(plugin);
            DbWriter(ctx).SetValue(dbType, dbName, def.Name, typed is null ? null : JsonValues.ToEnvText(typed), def.IsRedacted);
            return new SettingWriteResult(def, typed, target, null, DbWhere);
        }
        if (target == SettingValueSource.DotEnv)
        {
            ProjectFile.EnsureWritable(ctx.Root, ctx.Project.TopLevel, ctx.ProcessEnv);
            DotEnvFile.Set(ctx.DotEnvPath, def.Env ?? EnvVarNames.For(Prefixes(plugin)[0], def.Name), JsonValues.ToEnvText(typed));
            return new SettingWriteResult(def, typed, target, null, "`.env`");
        }
        var environment = target == SettingValueSource.Environment ? ctx.Environment!.Name : null;
        ProjectFile.Edit(ctx.Root, doc =>
        {
            if (plugin is null)
            {
                doc.SetProjectSetting(def.Name, typed);
            }
            else
            {
                doc.SetPluginConfig(plugin.Type, plugin.Name, def.Name, typed, environment);
            }
        }, ctx.ProcessEnv);
        return new SettingWriteResult(def, typed, target, environment,
            environment is null ? "`meltano.yml`" : $"the '{environment}' environment in `meltano.yml`");
    }

    /// <summary>Removes a setting's value; auto removes it from .env, the active environment and meltano.yml. Returns where it was.</summary>
    public static IReadOnlyList<string> Unset(ProjectContext ctx, PluginDefinition? plugin, string name, SettingStore store = SettingStore.Auto) =>
        Remove(ctx, plugin, [FindDefinition(plugin, name)], store);

    /// <summary>Removes every config value of a plugin from the store(s). Returns where values were.</summary>
    public static IReadOnlyList<string> Reset(ProjectContext ctx, PluginDefinition plugin, SettingStore store = SettingStore.Auto)
    {
        var removed = new List<string>();
        if (store == SettingStore.Db || (store == SettingStore.Auto && ctx.Db is ISettingsDbWriter))
        {
            var (type, name) = DbOwner(plugin);
            var writer = DbWriter(ctx);
            if (writer.GetValues(type, name).Keys.ToList().Count(k => writer.UnsetValue(type, name, k)) > 0)
            {
                removed.Add(DbWhere);
            }
            if (store == SettingStore.Db || ReadOnlyWithDb(ctx))
            {
                return removed;
            }
        }
        if (store is SettingStore.Auto or SettingStore.DotEnv)
        {
            var defs = plugin.EffectiveSettings.Concat(PluginExtras.For(plugin.Type))
                .Concat(plugin.Config.Keys.Select(k => new SettingDefinition { Name = k, Custom = true })).ToList();
            removed.AddRange(Remove(ctx, plugin, defs, SettingStore.DotEnv));
        }
        if (store is SettingStore.Auto or SettingStore.MeltanoYml)
        {
            var env = store == SettingStore.Auto ? ctx.Environment?.Name : null;
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
            }, ctx.ProcessEnv);
        }
        return removed.Distinct().ToList();
    }

    private static List<string> Remove(ProjectContext ctx, PluginDefinition? plugin, IReadOnlyList<SettingDefinition> defs, SettingStore store)
    {
        var removed = new List<string>();
        // Meltano's auto unset clears every store it can write, the system database included.
        if (store == SettingStore.Db || (store == SettingStore.Auto && ctx.Db is ISettingsDbWriter))
        {
            var (type, name) = DbOwner(plugin);
            var writer = DbWriter(ctx);
            if (defs.Count(d => writer.UnsetValue(type, name, d.Name)) > 0)
            {
                removed.Add(DbWhere);
            }
            if (store == SettingStore.Db || ReadOnlyWithDb(ctx))
            {
                return removed;
            }
        }
        if (store is SettingStore.Auto or SettingStore.DotEnv)
        {
            ProjectFile.EnsureWritable(ctx.Root, ctx.Project.TopLevel, ctx.ProcessEnv);
            foreach (var envVar in defs.SelectMany(d => SettingsResolver.EnvVarsFor(d, Prefixes(plugin))).Distinct())
            {
                if (DotEnvFile.Unset(ctx.DotEnvPath, envVar))
                {
                    removed.Add("`.env`");
                }
            }
        }
        if (store is SettingStore.Auto or SettingStore.MeltanoYml)
        {
            var env = store == SettingStore.Auto && plugin is not null ? ctx.Environment?.Name : null;
            ProjectFile.Edit(ctx.Root, doc =>
            {
                foreach (var d in defs)
                {
                    if (plugin is null ? doc.UnsetProjectSetting(d.Name) : doc.UnsetPluginConfig(plugin.Type, plugin.Name, d.Name))
                    {
                        removed.Add("`meltano.yml`");
                    }
                    if (plugin is not null && env is not null && doc.UnsetPluginConfig(plugin.Type, plugin.Name, d.Name, env))
                    {
                        removed.Add($"the '{env}' environment in `meltano.yml`");
                    }
                }
            }, ctx.ProcessEnv);
        }
        return removed.Distinct().ToList();
    }

    /// <summary>Env var prefixes of a plugin ([name, namespace]) or of the project (["meltano"]).</summary>
    public static IReadOnlyList<string> Prefixes(PluginDefinition? plugin) =>
        plugin is null ? ["meltano"] : new[] { plugin.Name, plugin.EffectiveNamespace }.Distinct().ToList();

    /// <summary>
    /// Meltano's auto store: secrets to .env, else the active environment, else meltano.yml; when the project is
    /// read-only (neither file may change) the system database, if this context has one.
    /// </summary>
    private static SettingValueSource ChooseStore(ProjectContext ctx, PluginDefinition? plugin, SettingDefinition def, SettingStore store)
    {
        switch (store)
        {
            case SettingStore.Db:
                _ = DbWriter(ctx);
                return SettingValueSource.Db;
            case SettingStore.DotEnv:
                return SettingValueSource.DotEnv;
            case SettingStore.MeltanoYml:
                return SettingValueSource.MeltanoYml;
        }
        if (ctx.Settings.ProjectReadonly)
        {
            return ctx.Db is ISettingsDbWriter ? SettingValueSource.Db : throw new ProjectReadOnlyException();
        }
        if (def.IsRedacted)
        {
            return SettingValueSource.DotEnv;
        }
        return plugin is not null && ctx.Environment is not null ? SettingValueSource.Environment : SettingValueSource.MeltanoYml;
    }

    /// <summary>The (plugin type, plugin name) a value is stored under; project settings are ("meltano", "meltano").</summary>
    public static (string Type, string Name) DbOwner(PluginDefinition? plugin) =>
        plugin is null ? (ProjectSettingDefinitions.Owner, ProjectSettingDefinitions.Owner) : (plugin.Type.YamlKey(), plugin.Name);

    private static ISettingsDbWriter DbWriter(ProjectContext ctx) =>
        ctx.Db as ISettingsDbWriter ?? throw new SettingsException(DbNotAvailable);

    private static bool ReadOnlyWithDb(ProjectContext ctx) => ctx.Settings.ProjectReadonly && ctx.Db is ISettingsDbWriter;
}
