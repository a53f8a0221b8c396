namespace Tapline.WebBenchmarks;

public sealed record BenchmarkOptions(int Loads, bool BuildWeb)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var loads = 15;
        var buildWeb = true;
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
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'; use --loads N (default 15) and --no-web-build");
            }
        }
        return new BenchmarkOptions(loads, buildWeb);
    }
}
