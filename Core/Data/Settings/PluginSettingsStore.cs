using System.Data.Common;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Protection;

namespace Tapline.Core.Data.Settings;

/// <summary>
/// The "system database" settings store (<c>config set --store db</c>). Sensitive values are
/// encrypted with ASP.NET Core Data Protection, whose keys live in the same database sealed with
/// <c>ui.secret_key</c> (<see cref="SystemDbKeyRepository"/>), so every Tapline process given that key can read
/// them and a copy of the database alone reveals nothing.
/// </summary>
public sealed class PluginSettingsStore(SystemDbContextFactory factory, IDataProtectionProvider dataProtection, TimeProvider? time = null)
{
    private const string Purpose = "Tapline.PluginSettings.v1";

    // Created on first use: reading settings that hold no secret must not start Data Protection (its key ring is in the database).
    private readonly Lazy<IDataProtector> _protector = new(() => dataProtection.CreateProtector(Purpose));
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    // Plain SQL (SystemDbSql), not EF: these run in the tapline CLI, which is published as Native AOT. The rows are
    // the ones EF's model maps (PluginSettingRecord), written in its formats.
    private const string OneSetting = "plugin_type = @type AND plugin_name = @name AND setting_name = @setting";

    private SystemDbSql Sql => factory.Sql;

    /// <summary>The stored value (decrypted), or null when the setting is not stored in the database.</summary>
    public async Task<string?> GetAsync(string pluginType, string pluginName, string settingName, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        await using var select = Sql.Command(connection, $"SELECT value, encrypted FROM plugin_settings WHERE {OneSetting}", null,
            ("type", pluginType), ("name", pluginName), ("setting", settingName));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Reveal(reader, 0) : null;
    }

    /// <summary>Every setting stored for one plugin, decrypted, by setting name.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> GetAllAsync(string pluginType, string pluginName, CancellationToken cancellationToken = default)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        await using var connection = await Sql.OpenAsync(cancellationToken);
        await using var select = Sql.Command(connection, "SELECT setting_name, value, encrypted FROM plugin_settings WHERE plugin_type = @type AND plugin_name = @name", null,
            ("type", pluginType), ("name", pluginName));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0), Reveal(reader, 1));
        }
        return values;
    }

    public async Task SetAsync(string pluginType, string pluginName, string settingName, string? value, bool sensitive, CancellationToken cancellationToken = default)
    {
        var encrypted = sensitive && value is not null;
        var stored = encrypted ? Guard(() => _protector.Value.Protect(value!)) : value;
        await using var connection = await Sql.OpenAsync(cancellationToken);
        // One statement on the unique (plugin_type, plugin_name, setting_name) index: two writers of one setting cannot both insert.
        await using var upsert = Sql.Command(connection, """
            INSERT INTO plugin_settings (plugin_type, plugin_name, setting_name, value, encrypted, updated_at)
            VALUES (@type, @name, @setting, @value, @encrypted, @updated_at)
            ON CONFLICT (plugin_type, plugin_name, setting_name)
            DO UPDATE SET value = excluded.value, encrypted = excluded.encrypted, updated_at = excluded.updated_at
            """, null,
            ("type", pluginType), ("name", pluginName), ("setting", settingName), ("value", stored), ("encrypted", encrypted),
            ("updated_at", _time.GetUtcNow().UtcDateTime));
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Removes the stored value (<c>config unset --store db</c>); false when there was none.</summary>
    public async Task<bool> UnsetAsync(string pluginType, string pluginName, string settingName, CancellationToken cancellationToken = default)
    {
        await using var connection = await Sql.OpenAsync(cancellationToken);
        await using var delete = Sql.Command(connection, $"DELETE FROM plugin_settings WHERE {OneSetting}", null,
            ("type", pluginType), ("name", pluginName), ("setting", settingName));
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>The value column at <paramref name="ordinal"/> (the encrypted flag after it) as the user set it.</summary>
    private string? Reveal(DbDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : Reveal(row.GetString(ordinal), row.GetBoolean(ordinal + 1));

    /// <summary>A stored value as the user set it: decrypted when it was stored encrypted.</summary>
    internal string Reveal(string stored, bool encrypted) => encrypted ? Guard(() => _protector.Value.Unprotect(stored)) : stored;

    // Data Protection reports a key ring it cannot open as "An error occurred during a cryptographic operation";
    // the line that names ui.secret_key is inside it.
    private static string Guard(Func<string> operation)
    {
        try
        {
            return operation();
        }
        catch (CryptographicException e) when (DataProtectionKeyException.Within(e) is { } keyRing)
        {
            ExceptionDispatchInfo.Throw(keyRing);
            throw;
        }
    }
}
