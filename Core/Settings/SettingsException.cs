namespace Tapline.Core.Settings;

/// <summary>A setting cannot be resolved or stored: wrong kind, missing variable in strict mode, unknown setting.</summary>
public sealed class SettingsException(string message) : Exception(message);
