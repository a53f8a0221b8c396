using Tapline.ApiBenchmarks;

// Load benchmark of the Api (issue 6): 100,000 runs rows in PostgreSQL, the Api as its own
// process on Kestrel, 50 concurrent clients on runs list + run detail for 30 s.
// Usage: dotnet run -c Release --project tests/ApiBenchmarks [-- --rows N --clients N --seconds N]
var options = BenchmarkOptions.Parse(args);
return await LoadBenchmark.RunAsync(options);
