namespace Tapline.Core.Settings;

/// <summary>
/// Meltano's resolution order: command-line override > env > .env > active environment > meltano.yml >
/// system DB > inherited > default. Values from meltano.yml (and defaults) get $VAR expansion; every value is
/// coerced to its kind. All problems are reported together in one <see cref="SettingsException"/>.
/// </summary>
public static class SettingsResolver
{
    public static ResolvedSettings Resolve(SettingsScope scope)
    {
        var errors = new List<string>();
        var definitions = scope.Definitions.ToList();
        definitions.AddRange(CustomSettings(scope, definitions));

        var resolved = new List<ResolvedSetting>();
        foreach (var def in definitions)
        {
            try
            {
                resolved.Add(ResolveOne(scope, def));
            }
            catch (SettingsException ex)
            {
                errors.Add(ex.Message);
            }
        }
        if (errors.Count > 0)
        {
            throw new SettingsException(string.Join(Environment.NewLine, errors));
        }
        return new ResolvedSettings(scope.Owner, resolved.OrderBy(r => r.IsExtra).ToList());
    }

    /// <summary>
    /// The env var names read for a setting, as Meltano's <c>env_vars</c> for reading: each prefix with the name,
    /// then with each alias. A custom <c>env:</c> is not read; it is the name the value is given to the plugin
    /// under and written to <c>.env</c> as.
    /// </summary>
    public static IReadOnlyList<string> EnvVarsFor(SettingDefinition def, IReadOnlyList<string> prefixes)
    {
        var names = new List<string>();
        names.AddRange(prefixes.Select(p => EnvVarNames.For(p, def.Name)));
        names.AddRange(def.Aliases.SelectMany(a => prefixes.Select(p => EnvVarNames.For(p, a))));
        return names.Distinct().ToList();
    }

    private static ResolvedSetting ResolveOne(SettingsScope scope, SettingDefinition def)
    {
        var isExtra = scope.ExtraNames.Contains(def.Name);
        var primaryEnv = EnvVarNames.For(scope.EnvPrefixes[0], def.Name);
        ResolvedSetting Make(object? raw, SettingValueSource source, string origin, bool expand)
        {
            object? reference = null;
            if (expand)
            {
                reference = EnvVarExpander.HasReference(raw) ? raw : null;
                raw = EnvVarExpander.ExpandValue(raw, scope.ExpansionEnv, scope.StrictEnvVarMode,
                    $"plugin '{scope.Owner}', setting '{def.Name}'");
            }
            else if (raw is string text && def.Kind is SettingKind.Array or SettingKind.Object)
            {
                raw = SettingCoercion.ParseJson(text) ?? text;
            }
            var value = SettingCoercion.Coerce(def, raw, scope.Owner, origin);
            return new ResolvedSetting(def, value, source, primaryEnv, isExtra, reference);
        }

        if (scope.Overrides is not null && TryLookup(scope.Overrides, def, out var over))
        {
            return Make(over, SettingValueSource.ConfigOverride, "a command-line override", expand: false);
        }
        var envNames = EnvVarsFor(def, scope.EnvPrefixes);
        foreach (var name in envNames)
        {
            if (scope.ProcessEnv.TryGetValue(name, out var v))
            {
                return Make(v, SettingValueSource.Env, name, expand: false);
            }
        }
        foreach (var name in envNames)
        {
            if (scope.DotEnv.TryGetValue(name, out var v))
            {
                return Make(v, SettingValueSource.DotEnv, $".env {name}", expand: false);
            }
        }
        foreach (var name in envNames)
        {
            if (scope.YmlEnv.TryGetValue(name, out var v))
            {
                return Make(v, SettingValueSource.Env, $"meltano.yml env {name}", expand: false);
            }
        }
        if (scope.EnvironmentConfig is not null && TryLookup(scope.EnvironmentConfig, def, out var envValue))
        {
            return Make(envValue, SettingValueSource.Environment, "the active environment in meltano.yml", expand: true);
        }
        if (scope.YmlConfig is not null && TryLookup(scope.YmlConfig, def, out var yml))
        {
            return Make(yml, SettingValueSource.MeltanoYml, "meltano.yml", expand: true);
        }
        if (scope.Db is not null && scope.Db.TryGetValue(def.Name, out var db))
        {
            return Make(db, SettingValueSource.Db, "the system database", expand: true);
        }
        if (scope.Inherited?.Find(def.Name) is { Source: not (SettingValueSource.Default or SettingValueSource.Unset) } parent)
        {
            return new ResolvedSetting(def, SettingCoercion.Coerce(def, parent.Value, scope.Owner, "the inherited plugin"),
                SettingValueSource.Inherited, primaryEnv, isExtra, parent.Reference);
        }
        if (def.Value is not null)
        {
            return Make(def.Value, SettingValueSource.Default, "the setting's default value", expand: true);
        }
        return new ResolvedSetting(def, null, SettingValueSource.Unset, primaryEnv, isExtra);
    }

    /// <summary>Finds a setting in a config mapping by its flat name ("a.b"), nested path, or alias.</summary>
    public static bool TryLookup(IReadOnlyDictionary<string, object?> config, SettingDefinition def, out object? value)
    {
        foreach (var name in def.Aliases.Prepend(def.Name))
        {
            if (config.TryGetValue(name, out value))
            {
                return true;
            }
            if (name.Contains('.') && TryNested(config, name.Split('.'), out value))
            {
                return true;
            }
        }
        value = null;
        return false;
    }

    private static bool TryNested(IReadOnlyDictionary<string, object?> config, string[] path, out object? value)
    {
        value = null;
        object? node = config;
        foreach (var part in path)
        {
            if (node is not IReadOnlyDictionary<string, object?> map || !map.TryGetValue(part, out node))
            {
                return false;
            }
        }
        value = node;
        return true;
    }

    /// <summary>Config keys no definition declares become settings of their own (Meltano's custom settings).</summary>
    private static IEnumerable<SettingDefinition> CustomSettings(SettingsScope scope, List<SettingDefinition> defs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sources = new[] { scope.EnvironmentConfig, scope.YmlConfig }.OfType<IReadOnlyDictionary<string, object?>>();
        foreach (var (key, value) in sources.SelectMany(s => s))
        {
            if (key.StartsWith('_') || !seen.Add(key) || scope.ExtraNames.Contains(key)
                || defs.Any(d => d.Name == key || d.Name.StartsWith(key + ".", StringComparison.Ordinal) || d.Aliases.Contains(key)))
            {
                continue;
            }
            yield return new SettingDefinition { Name = key, Kind = SettingCoercion.InferKind(value), Custom = true };
        }
        foreach (var parent in scope.Inherited?.All.Where(p => p.Definition.Custom) ?? [])
        {
            if (seen.Add(parent.Name) && defs.All(d => d.Name != parent.Name))
            {
                yield return parent.Definition;
            }
        }
    }
}
