namespace Tapline.Api.Hosting;

/// <summary>A <c>ui.*</c> setting that prevents the Api from starting; the message names the setting.</summary>
public sealed class UiSettingsException(string message) : Exception(message);
