namespace Tapline.Core.Pipelines;

/// <summary>A plugin process could not be started; the message names the plugin and what is wrong.</summary>
public sealed class PluginStartException(string plugin, string executable, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Plugin { get; } = plugin;

    public string Executable { get; } = executable;

    public static PluginStartException NotFound(string plugin, string executable, Exception inner) =>
        new(plugin, executable, $"Executable '{executable}' of plugin '{plugin}' could not be started: it was not found or is not executable. Run `tapline install` or check the plugin's `executable`.", inner);

    public static PluginStartException NoWorkingDirectory(string plugin, string executable, string directory) =>
        new(plugin, executable, $"Plugin '{plugin}' could not be started: its working directory '{directory}' does not exist.");
}
