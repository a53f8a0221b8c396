namespace Tapline.WebBenchmarks;

/// <param name="WebRoot">Another built SPA to serve instead of web/dist (e.g. an older build, for a "was"); not built.</param>
public sealed record BenchmarkOptions(int Loads, bool BuildWeb, string? WebRoot)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var loads = 15;
        var buildWeb = true;
        string? webRoot = null;
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
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'; use --loads N (default 15), --no-web-build, --web-root DIR");
            }
        }
        return new BenchmarkOptions(loads, buildWeb, webRoot);
    }
}
