namespace Tapline.Core.Plugins;

/// <summary>No executable found; the message lists every place looked, in order.</summary>
public sealed class PluginExecutableNotFoundException(PluginSpec plugin, IReadOnlyList<string> searched)
    : Exception($"Executable '{plugin.ExecutableName}' of {plugin.SingularType} '{plugin.Name}' was not found. Looked in: {string.Join(", ", searched)}."
        + (string.IsNullOrWhiteSpace(plugin.PipUrl) ? "" : " Run `tapline install` first."))
{
    public PluginSpec Plugin { get; } = plugin;
    public IReadOnlyList<string> Searched { get; } = searched;
}
