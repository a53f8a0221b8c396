using Tapline.Benchmarks;

return args switch
{
    ["piping"] => await PipingBenchmark.RunAsync(),
    ["startup"] => await StartupBenchmark.RunAsync(null),
    ["startup", var tapline] => await StartupBenchmark.RunAsync(tapline),
    ["piping-rss", var source, var records] => await PipingBenchmark.MeasureRssAsync(source, long.Parse(records, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks -- piping | startup [PATH-OF-tapline]");
    return 2;
}
