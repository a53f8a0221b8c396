namespace Tapline.Core.Settings;

/// <summary>
/// The "system DB" layer of the resolution order (between meltano.yml and inherited). Implemented by
/// Core/Data; absent (null) until then. Project settings use pluginType "meltano", pluginName "meltano".
/// Values are stored as text: plain strings, or JSON for arrays/objects/numbers/booleans.
/// </summary>
public interface ISettingsDbStore
{
    IReadOnlyDictionary<string, string> GetValues(string pluginType, string pluginName);
}
