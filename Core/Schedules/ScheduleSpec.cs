namespace Tapline.Core.Schedules;

/// <summary>
/// One entry of meltano.yml's <c>schedules:</c> as written, before validation. Elt-style schedules
/// name <c>extractor</c> + <c>loader</c> (+ <c>transform</c>); job-style ones name a <c>job</c>.
/// Tapline's own keys (<c>timezone</c>, <c>misfire</c>, <c>overlap</c>, <c>retries</c>, <c>timeout</c>,
/// <c>enabled</c>) are extra keys on the entry, which Meltano keeps and ignores.
/// </summary>
public sealed record ScheduleSpec
{
    public required string Name { get; init; }
    public string? Interval { get; init; }
    public string? Extractor { get; init; }
    public string? Loader { get; init; }
    public string? Transform { get; init; }
    public string? Job { get; init; }
    public string? StartDate { get; init; }
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra keys of the entry as text (timezone, misfire, overlap, retries, timeout, enabled, ...).</summary>
    public IReadOnlyDictionary<string, string?> Extras { get; init; } = new Dictionary<string, string?>();

    /// <summary>Where the entry was read from, for error messages.</summary>
    public string? File { get; init; }
    public int? Line { get; init; }

    public string? Extra(string key) => Extras.TryGetValue(key, out var value) ? value : null;
}
