namespace Tapline.Core.Plugins;

/// <summary>
/// Finds a plugin's executable, in order: the plugin's venv <c>bin</c>, <c>executable</c>
/// relative to the project root, the <c>PATH</c>, then Tapline's bundled plugins folder
/// (<c>plugins/&lt;name&gt;/&lt;name&gt;</c>) — last, so a project can always override them.
/// </summary>
public static class ExecutableResolver
{
    public static string Resolve(string projectRoot, PluginSpec plugin, string? pathVariable = null, string? bundledDir = null)
    {
        var exe = plugin.ExecutableName;
        var searched = new List<string>();

        if (!Path.IsPathRooted(exe))
        {
            var venvBin = Path.Combine(PluginPaths.VenvDir(projectRoot, plugin), "bin", exe);
            searched.Add(venvBin);
            if (IsExecutable(venvBin)) return venvBin;
        }

        var relative = Path.GetFullPath(exe, projectRoot);
        searched.Add(relative);
        if (IsExecutable(relative)) return relative;

        if (!exe.Contains('/'))
        {
            foreach (var dir in (pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, exe);
                if (IsExecutable(candidate)) return candidate;
            }
            searched.Add("PATH");

            var bundled = Path.Combine(bundledDir ?? PluginPaths.BundledPluginsDir(), exe, exe);
            searched.Add(bundled);
            if (IsExecutable(bundled)) return bundled;
        }
        throw new PluginExecutableNotFoundException(plugin, searched);
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return true;
        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
