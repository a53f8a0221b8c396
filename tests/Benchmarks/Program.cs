using Tapline.Benchmarks;

return args switch
{
    ["piping"] => await PipingBenchmark.RunAsync(),
    ["piping-rss", var source, var records] => await PipingBenchmark.MeasureRssAsync(source, long.Parse(records, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks -- piping");
    return 2;
}
