namespace Tapline.Core.Plugins;

/// <summary>Preparing a run failed (discovery failed, invalid catalog, ...); the message names the plugin.</summary>
public sealed class PluginInvocationException(string message, Exception? inner = null) : Exception(message, inner);
