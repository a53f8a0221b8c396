namespace Tapline.Core.Insight;

/// <summary>
/// Quantiles of durations in constant memory: log-scale buckets 5 % wide, so a p50/p95 is within
/// ~2.5 % of the exact value however many requests a run makes (a run can make millions).
/// </summary>
public sealed class DurationSketch
{
    private const double Growth = 1.05;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly SortedDictionary<int, long> buckets = [];

    public long Count { get; private set; }

    public double Sum { get; private set; }

    public double Max { get; private set; }

    public void Add(double value)
    {
        if (double.IsNaN(value) || value < 0)
        {
            return;
        }

        var index = value <= 0 ? int.MinValue : (int)Math.Floor(Math.Log(value) / LogGrowth);
        buckets[index] = buckets.GetValueOrDefault(index) + 1;
        Count++;
        Sum += value;
        Max = Math.Max(Max, value);
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1): the middle of its bucket, capped at the maximum seen.</summary>
    public double? Quantile(double q)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        foreach (var (index, n) in buckets)
        {
            seen += n;
            if (seen >= rank)
            {
                return index == int.MinValue ? 0 : Math.Min(Max, Math.Pow(Growth, index + 0.5));
            }
        }

        return Max;
    }
}
