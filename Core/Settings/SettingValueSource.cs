namespace Tapline.Core.Settings;

/// <summary>Where a resolved value came from, highest precedence first (Meltano's SettingValueStore).</summary>
public enum SettingValueSource
{
    ConfigOverride,
    Env,
    DotEnv,
    Environment,
    MeltanoYml,
    Db,
    Inherited,
    Default,
    Unset,
}

public static class SettingValueSources
{
    /// <summary>The wire name used by the Api and the CLI: env, dotenv, environment, meltano_yml, db, ...</summary>
    public static string WireName(this SettingValueSource source) => source switch
    {
        SettingValueSource.ConfigOverride => "config_override",
        SettingValueSource.Env => "env",
        SettingValueSource.DotEnv => "dotenv",
        SettingValueSource.Environment => "environment",
        SettingValueSource.MeltanoYml => "meltano_yml",
        SettingValueSource.Db => "db",
        SettingValueSource.Inherited => "inherited",
        SettingValueSource.Default => "default",
        _ => "unset",
    };

    /// <summary>Meltano's wording in <c>config list</c>: "(from `.env`)".</summary>
    public static string Label(this SettingValueSource source) => source switch
    {
        SettingValueSource.ConfigOverride => "a command-line override",
        SettingValueSource.Env => "the environment",
        SettingValueSource.DotEnv => "`.env`",
        SettingValueSource.Environment => "the active environment in `meltano.yml`",
        SettingValueSource.MeltanoYml => "`meltano.yml`",
        SettingValueSource.Db => "the system database",
        SettingValueSource.Inherited => "the plugin it inherits from",
        SettingValueSource.Default => "the default",
        _ => "nowhere",
    };
}
