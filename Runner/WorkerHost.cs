namespace Tapline.Runner;

/// <summary>The Runner's service mode: claims queued runs; serves nothing but health.</summary>
public static class WorkerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.RunAsync();
        return 0;
    }
}
