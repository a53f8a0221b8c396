using System.Net;
using Tapline.Api.Tests.Support;

namespace Tapline.Api.Tests.Meta;

/// <summary>Publish mode: the built SPA in wwwroot is served by the Api, one origin.</summary>
public sealed class SpaHostingTests : IDisposable
{
    private readonly string _webRoot = Directory.CreateTempSubdirectory("tapline-wwwroot-").FullName;
    private readonly ApiHost _host;

    public SpaHostingTests()
    {
        File.WriteAllText(Path.Combine(_webRoot, "index.html"), "<!doctype html><title>Tapline</title><div id=root></div>");
        Directory.CreateDirectory(Path.Combine(_webRoot, "assets"));
        File.WriteAllText(Path.Combine(_webRoot, "assets", "app.js"), "console.log('tapline')");
        _host = new ApiHost(new Dictionary<string, string?> { ["webroot"] = _webRoot });
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_webRoot, recursive: true);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/runs/42")]
    [InlineData("/schedules/daily-csv")]
    public async Task Client_routes_get_index_html(string path)
    {
        using var client = _host.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<title>Tapline</title>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Static_assets_are_served_as_files()
    {
        using var client = _host.CreateClient();

        var response = await client.GetAsync("/assets/app.js");

        Assert.Equal("console.log('tapline')", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_api_paths_stay_404_problems_not_index_html()
    {
        using var client = _host.CreateClient();

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/does-not-exist"), HttpStatusCode.NotFound);
    }
}
