using Tapline.Core.Data.Settings;
using Tapline.Core.Project;
using Tapline.Core.Settings;

namespace Tapline.Api.Plugins;

/// <summary>
/// The system-DB layer of settings resolution for one request: the resolver reads it
/// synchronously, so the plugin's (and its parents') stored values are loaded first.
/// </summary>
public sealed class PreloadedSettingsDb : ISettingsDbStore
{
    private readonly Dictionary<(string, string), IReadOnlyDictionary<string, string>> _values = [];

    public static async Task<PreloadedSettingsDb> LoadAsync(PluginSettingsStore store, PluginDefinition plugin, CancellationToken cancellationToken)
    {
        var db = new PreloadedSettingsDb();
        for (var p = plugin; p is not null; p = p.Parent)
        {
            var stored = await store.GetAllAsync(p.Type.YamlKey(), p.Name, cancellationToken);
            db._values[(p.Type.YamlKey(), p.Name)] = stored.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
        }
        return db;
    }

    public IReadOnlyDictionary<string, string> GetValues(string pluginType, string pluginName) =>
        _values.TryGetValue((pluginType, pluginName), out var values) ? values : new Dictionary<string, string>();
}
