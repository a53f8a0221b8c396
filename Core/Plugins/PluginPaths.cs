namespace Tapline.Core.Plugins;

/// <summary>Meltano's file layout under the project's <c>.meltano</c> folder, and Tapline's bundled plugins.</summary>
public static class PluginPaths
{
    /// <summary>Overrides where Tapline's first-party plugins are found (default: <c>plugins/</c> next to the running assembly).</summary>
    public const string BundledPluginsVariable = "TAPLINE_PLUGINS_DIR";

    /// <summary><c>MELTANO_SYS_DIR_ROOT</c> (env, then .env), default <c>&lt;root&gt;/.meltano</c>: where the Api looks for installed plugins too.</summary>
    public static string SystemDir(string projectRoot) =>
        Settings.ProjectSettings.ResolveSysDir(projectRoot, Project.ProjectContext.CurrentProcessEnv(), Settings.DotEnvFile.Read(Path.Combine(projectRoot, ".env")));

    /// <summary><c>.meltano/&lt;type&gt;/&lt;name&gt;/venv</c>.</summary>
    public static string VenvDir(string projectRoot, PluginSpec plugin) => VenvDirIn(SystemDir(projectRoot), plugin.Type, plugin.Name);

    /// <summary>The venv of plugin <paramref name="name"/> of <paramref name="type"/> (<c>extractors</c>, ...) under a sys dir a service already resolved.</summary>
    public static string VenvDirIn(string sysDir, string type, string name) => Path.Combine(sysDir, type, name, "venv");

    /// <summary><c>.meltano/run/&lt;name&gt;</c>: config, catalog and state files of invocations.</summary>
    public static string RunDir(string projectRoot, PluginSpec plugin) => RunDirIn(SystemDir(projectRoot), plugin.Name);

    /// <summary><c>run/&lt;name&gt;</c> under a sys dir a service already resolved.</summary>
    public static string RunDirIn(string sysDir, string name) => Path.Combine(sysDir, "run", name);

    public static string BundledPluginsDir() =>
        Environment.GetEnvironmentVariable(BundledPluginsVariable) is { Length: > 0 } dir
            ? dir
            : Path.Combine(AppContext.BaseDirectory, "plugins");
}
