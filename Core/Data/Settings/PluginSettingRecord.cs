namespace Tapline.Core.Data.Settings;

/// <summary>
/// A setting value written with <c>config set --store db</c>. Sensitive values hold Data
/// Protection ciphertext and <see cref="Encrypted"/> is true.
/// </summary>
public sealed class PluginSettingRecord
{
    public long Id { get; set; }
    public required string PluginType { get; set; }
    public required string PluginName { get; set; }
    public required string SettingName { get; set; }
    public string? Value { get; set; }
    public bool Encrypted { get; set; }
    public DateTime UpdatedAt { get; set; }
}
