namespace Tapline.Core.Pipelines;

/// <summary>A plugin's executable could not be started; the message names plugin and executable.</summary>
public sealed class PluginExecutableNotFoundException(string plugin, string executable, Exception? inner = null)
    : Exception($"Executable '{executable}' of plugin '{plugin}' could not be started: it was not found or is not executable. Run `tapline install` or check the plugin's `executable`.", inner)
{
    public string Plugin { get; } = plugin;

    public string Executable { get; } = executable;
}
