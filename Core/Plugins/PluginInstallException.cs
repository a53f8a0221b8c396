namespace Tapline.Core.Plugins;

/// <summary>An install that failed: the message names the plugin, the command and the last lines it printed.</summary>
public sealed class PluginInstallException(PluginSpec plugin, string message, Exception? inner = null) : Exception(message, inner)
{
    public PluginSpec Plugin { get; } = plugin;
}
