namespace Tapline.Core.Settings;

public static class Redaction
{
    /// <summary>What every output shows instead of a sensitive value (Meltano's REDACTED_VALUE).</summary>
    public const string Value = "(redacted)";
}
