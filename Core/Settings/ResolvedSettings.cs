using System.Text.Json.Nodes;

namespace Tapline.Core.Settings;

/// <summary>Every setting of one plugin (or of the project) resolved, in definition order, extras last.</summary>
public sealed class ResolvedSettings(string owner, IReadOnlyList<ResolvedSetting> settings)
{
    public string Owner => owner;

    public IReadOnlyList<ResolvedSetting> All => settings;

    public IEnumerable<ResolvedSetting> Config => settings.Where(s => !s.IsExtra);

    public IEnumerable<ResolvedSetting> Extras => settings.Where(s => s.IsExtra);

    public ResolvedSetting? Find(string name) =>
        settings.FirstOrDefault(s => s.Name == name) ?? settings.FirstOrDefault(s => s.Definition.Aliases.Contains(name));

    public object? this[string name] => Find(name)?.Value;

    /// <summary>
    /// The config a plugin receives (Meltano's config.json): dotted names nested ("a.b" -> {"a": {"b": ..}}),
    /// unset values left out, sensitive values "(redacted)" unless <paramref name="unsafeOutput"/>.
    /// </summary>
    public JsonObject ToJson(bool unsafeOutput = false, bool includeExtras = false)
    {
        var root = new JsonObject();
        foreach (var s in settings.Where(s => s.Value is not null && (includeExtras || !s.IsExtra)))
        {
            var path = s.IsExtra ? [s.Name] : s.Name.Split('.');
            var node = root;
            foreach (var part in path[..^1])
            {
                if (node[part] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[part] = child;
                }
                node = child;
            }
            node[path[^1]] = JsonValues.ToNode(s.DisplayValue(unsafeOutput));
        }
        return root;
    }

    /// <summary>Env vars carrying each set value (TAP_X_SETTING and any custom <c>env:</c>), as Meltano gives a plugin.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in settings.Where(s => s.Value is not null))
        {
            var text = JsonValues.ToEnvText(s.Value);
            env[s.EnvVar] = text;
            if (s.Definition.Env is { } custom)
            {
                env[custom] = text;
            }
        }
        return env;
    }
}
