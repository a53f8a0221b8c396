using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>The stored value (decrypted), or null when the setting is not stored in the database.</summary>
    public async Task<string?> GetAsync(string pluginType, string pluginName, string settingName, CancellationToken cancellationToken = default)
    {
        await using var context = factory.CreateDbContext();
        var row = await context.PluginSettings.AsNoTracking()
            .SingleOrDefaultAsync(s => s.PluginType == pluginType && s.PluginName == pluginName && s.SettingName == settingName, cancellationToken);
        return row is null ? null : Reveal(row);
    }

    /// <summary>Every setting stored for one plugin, decrypted, by setting name.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> GetAllAsync(string pluginType, string pluginName, CancellationToken cancellationToken = default)
    {
        await using var context = factory.CreateDbContext();
        var rows = await context.PluginSettings.AsNoTracking()
            .Where(s => s.PluginType == pluginType && s.PluginName == pluginName).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.SettingName, Reveal, StringComparer.Ordinal);
    }

    public async Task SetAsync(string pluginType, string pluginName, string settingName, string? value, bool sensitive, CancellationToken cancellationToken = default)
    {
        await using var context = factory.CreateDbContext();
        var row = await context.PluginSettings
            .SingleOrDefaultAsync(s => s.PluginType == pluginType && s.PluginName == pluginName && s.SettingName == settingName, cancellationToken);
        if (row is null)
        {
            row = new PluginSettingRecord { PluginType = pluginType, PluginName = pluginName, SettingName = settingName };
            context.PluginSettings.Add(row);
        }
        row.Encrypted = sensitive && value is not null;
        row.Value = row.Encrypted ? Guard(() => _protector.Value.Protect(value!)) : value;
        row.UpdatedAt = _time.GetUtcNow().UtcDateTime;
        await context.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Removes the stored value (<c>config unset --store db</c>); false when there was none.</summary>
    public async Task<bool> UnsetAsync(string pluginType, string pluginName, string settingName, CancellationToken cancellationToken = default)
    {
        await using var context = factory.CreateDbContext();
        return await context.PluginSettings
            .Where(s => s.PluginType == pluginType && s.PluginName == pluginName && s.SettingName == settingName)
            .ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private string? Reveal(PluginSettingRecord row) => row.Value is null ? null : Reveal(row.Value, row.Encrypted);

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
