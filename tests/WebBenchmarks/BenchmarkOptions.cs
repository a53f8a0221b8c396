namespace Tapline.WebBenchmarks;

/// <param name="WebRoot">Another built SPA to serve instead of web/dist (e.g. an older build, for a "was"); not built.</param>
/// <param name="Network">A link slower than loopback for the page (Chromium's network emulation), or none.</param>
public sealed record BenchmarkOptions(int Loads, bool BuildWeb, string? WebRoot, EmulatedNetwork? Network = null)
{
    private const string Usage = "use --loads N (default 15), --no-web-build, --web-root DIR, --network MBIT/RTT_MS (e.g. 20/40)";

    public static BenchmarkOptions Parse(string[] args)
    {
        var loads = 15;
        var buildWeb = true;
        string? webRoot = null;
        EmulatedNetwork? network = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--loads" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n > 0:
                    loads = n;
                    i++;
                    break;
                case "--no-web-build":
                    buildWeb = false;
                    break;
                case "--web-root" when i + 1 < args.Length:
                    webRoot = Path.GetFullPath(args[++i]);
                    buildWeb = false;
                    break;
                case "--network" when i + 1 < args.Length:
                    network = EmulatedNetwork.Parse(args[++i]) ?? throw new ArgumentException($"--network '{args[i]}' is not MBIT/RTT_MS; {Usage}");
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'; {Usage}");
            }
        }
        return new BenchmarkOptions(loads, buildWeb, webRoot, network);
    }
}

/// <summary>
/// Download/upload megabits per second and a round trip added to each response, as Chromium's DevTools
/// network emulation applies them to the bytes on the wire: what loopback hides about response sizes.
/// </summary>
public sealed record EmulatedNetwork(double Mbit, double RttMs)
{
    public static EmulatedNetwork? Parse(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 2
            && double.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var mbit) && mbit > 0
            && double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var rtt) && rtt >= 0
            ? new EmulatedNetwork(mbit, rtt)
            : null;
    }

    public override string ToString() => $"{Mbit:0.#} Mbit/s, {RttMs:0} ms round trip";
}
