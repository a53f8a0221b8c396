namespace Tapline.Core.Settings;

/// <summary>Where <c>config set/unset/reset</c> writes (Meltano's --store).</summary>
public enum SettingStore
{
    /// <summary>Secrets to .env; else the active environment in meltano.yml; else meltano.yml.</summary>
    Auto,
    DotEnv,
    MeltanoYml,
    Db,
}

public static class SettingStores
{
    public static bool TryParse(string text, out SettingStore store)
    {
        switch (text)
        {
            case "auto": store = SettingStore.Auto; return true;
            case "dotenv": store = SettingStore.DotEnv; return true;
            case "meltano_yml": store = SettingStore.MeltanoYml; return true;
            case "db": store = SettingStore.Db; return true;
            default: store = default; return false;
        }
    }
}
