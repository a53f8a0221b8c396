using Tapline.WebBenchmarks;

// First load of the published SPA (issue 14): the Api serves web/dist as it serves wwwroot
// when published; a signed-in user opens /pipelines in a browser with an empty cache; time
// until the schedules table shows, median of N, and the gzip size of the JS+CSS that load.
// Usage: dotnet run -c Release --project tests/WebBenchmarks [-- --loads N --no-web-build --web-root DIR]
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
return await FirstLoadBenchmark.RunAsync(options);
