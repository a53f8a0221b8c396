using Tapline.Benchmarks;

return args switch
{
    ["piping"] => await PipingBenchmark.RunAsync(),
    ["startup"] => await StartupBenchmark.RunAsync(null, null),
    ["startup", "--sdk-venv", var venv] => await StartupBenchmark.RunAsync(null, venv),
    ["startup", var tapline] when !tapline.StartsWith("--", StringComparison.Ordinal) => await StartupBenchmark.RunAsync(tapline, null),
    ["startup", var tapline, "--sdk-venv", var venv] => await StartupBenchmark.RunAsync(tapline, venv),
    ["piping-rss", var source, var records] => await PipingBenchmark.MeasureRssAsync(source, long.Parse(records, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks -- piping | startup [PATH-OF-tapline] [--sdk-venv DIR]");
    return 2;
}
