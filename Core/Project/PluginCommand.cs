namespace Tapline.Core.Project;

/// <summary>An entry of a plugin's <c>commands:</c>: a string of args, or {args, executable, description}.</summary>
public sealed record PluginCommand(string Name, string Args, string? Executable, string? Description);
