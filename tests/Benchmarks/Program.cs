Console.Error.WriteLine("usage: dotnet run --project tests/Benchmarks -c Release -- <benchmark>");
return 2;
