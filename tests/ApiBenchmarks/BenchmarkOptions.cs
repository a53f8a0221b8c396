using System.Globalization;

namespace Tapline.ApiBenchmarks;

/// <summary>Size of the load: rows seeded, concurrent clients, seconds of load.</summary>
public sealed record BenchmarkOptions(int Rows, int Clients, int Seconds)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(100_000, 50, 30);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--rows" => options with { Rows = value },
                "--clients" => options with { Clients = value },
                "--seconds" => options with { Seconds = value },
                _ => throw new ArgumentException($"unknown option {args[i]} (use --rows, --clients, --seconds)"),
            };
        }
        return options;
    }
}
