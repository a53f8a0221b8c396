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
        // One plain statement (every CLI verb that opens the database pays this): no EF model, no query per plugin.
        var values = new Dictionary<(string, string), Dictionary<string, string>>();
        var sql = factory.Sql;
        await using var connection = await sql.OpenAsync(cancellationToken);
        await using var command = sql.Command(connection, "SELECT plugin_type, plugin_name, setting_name, value, encrypted FROM plugin_settings");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // A null value is "stored as null": Meltano's db store has no such row, so neither does the layer.
            if (reader.IsDBNull(3))
            {
                continue;
            }
            var owner = (reader.GetString(0), reader.GetString(1));
            if (!values.TryGetValue(owner, out var settings))
            {
                settings = new Dictionary<string, string>(StringComparer.Ordinal);
                values[owner] = settings;
            }
            settings[reader.GetString(2)] = store.Reveal(reader.GetString(3), reader.GetBoolean(4));
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
