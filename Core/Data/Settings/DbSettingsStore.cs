using Microsoft.EntityFrameworkCore;
using Tapline.Core.Data.Database;
using Tapline.Core.Settings;

namespace Tapline.Core.Data.Settings;

/// <summary>
/// The "system DB" layer of settings resolution over <see cref="PluginSettingsStore"/>. Every stored value is
/// read once (<see cref="LoadAsync"/>) so resolution stays synchronous and costs no query per plugin; writes go
/// to the database at once and keep the loaded copy in step.
/// </summary>
public sealed class DbSettingsStore : ISettingsDbWriter
{
    private readonly PluginSettingsStore _store;
    private readonly Dictionary<(string Type, string Name), Dictionary<string, string>> _values;

    private DbSettingsStore(PluginSettingsStore store, Dictionary<(string, string), Dictionary<string, string>> values)
    {
        _store = store;
        _values = values;
    }

    public static async Task<DbSettingsStore> LoadAsync(SystemDbContextFactory factory, PluginSettingsStore store, CancellationToken cancellationToken = default)
    {
        List<(string Type, string Name)> owners;
        await using (var context = factory.CreateDbContext())
        {
            var rows = await context.PluginSettings.AsNoTracking()
                .Select(s => new { s.PluginType, s.PluginName }).Distinct().ToListAsync(cancellationToken);
            owners = rows.Select(r => (r.PluginType, r.PluginName)).ToList();
        }
        var values = new Dictionary<(string, string), Dictionary<string, string>>();
        foreach (var owner in owners)
        {
            var stored = await store.GetAllAsync(owner.Type, owner.Name, cancellationToken);
            // A null value is "stored as null": Meltano's db store has no such row, so neither does the layer.
            values[owner] = stored.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
        }
        return new DbSettingsStore(store, values);
    }

    public IReadOnlyDictionary<string, string> GetValues(string pluginType, string pluginName) =>
        _values.TryGetValue((pluginType, pluginName), out var values) ? values : new Dictionary<string, string>();

    // SettingsWriter is synchronous (it also edits files); a CLI process has no synchronization context to deadlock.
    public void SetValue(string pluginType, string pluginName, string settingName, string? value, bool sensitive)
    {
        _store.SetAsync(pluginType, pluginName, settingName, value, sensitive).GetAwaiter().GetResult();
        var values = Values(pluginType, pluginName);
        if (value is null)
        {
            values.Remove(settingName);
        }
        else
        {
            values[settingName] = value;
        }
    }

    public bool UnsetValue(string pluginType, string pluginName, string settingName)
    {
        var removed = _store.UnsetAsync(pluginType, pluginName, settingName).GetAwaiter().GetResult();
        Values(pluginType, pluginName).Remove(settingName);
        return removed;
    }

    private Dictionary<string, string> Values(string pluginType, string pluginName)
    {
        if (!_values.TryGetValue((pluginType, pluginName), out var values))
        {
            values = new Dictionary<string, string>(StringComparer.Ordinal);
            _values[(pluginType, pluginName)] = values;
        }
        return values;
    }
}
