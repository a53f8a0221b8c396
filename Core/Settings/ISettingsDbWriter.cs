namespace Tapline.Core.Settings;

/// <summary>
/// A system-database settings layer that can also be written (<c>config set|unset --store db</c>).
/// Synchronous like the rest of <see cref="SettingsWriter"/>; values are the text form of
/// <see cref="ISettingsDbStore"/>, and <paramref name="sensitive"/> values are stored encrypted.
/// </summary>
public interface ISettingsDbWriter : ISettingsDbStore
{
    void SetValue(string pluginType, string pluginName, string settingName, string? value, bool sensitive);

    /// <summary>False when the setting had no stored value.</summary>
    bool UnsetValue(string pluginType, string pluginName, string settingName);
}
