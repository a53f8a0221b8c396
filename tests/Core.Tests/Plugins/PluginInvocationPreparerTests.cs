using System.Text.Json.Nodes;
using Tapline.Core.Plugins;
using Tapline.Core.Singer;
using System.Runtime.Versioning;
using Tapline.Core.Tests.Singer;
using static Tapline.Core.Tests.Singer.CatalogFixtures;

namespace Tapline.Core.Tests.Plugins;

[UnsupportedOSPlatform("windows")]
public class PluginInvocationPreparerTests
{
    private static readonly Dictionary<string, string> NoEnv = [];

    /// <summary>A tap that logs every call and prints the smoke-test catalog on --discover.</summary>
    private static string FakeTap(TempProject project, int discoverExitCode = 0)
    {
        File.Copy(Path.Combine(CatalogFixtures.RecordingsDir, "tap-smoke-test.catalog.json"), Path.Combine(project.Root, "discovered.json"));
        return project.Script("tap-fake", $$"""
            echo "$@" >> "{{project.Root}}/calls.log"
            case "$*" in
              *--discover*) if [ {{discoverExitCode}} -ne 0 ]; then echo "boom: cannot reach the API" >&2; exit {{discoverExitCode}}; fi
                            cat "{{project.Root}}/discovered.json" ;;
            esac
            """);
    }

    private static PluginInvocationRequest Request(TempProject project, string exe, params string[] capabilities) =>
        new(project.Root, new PluginSpec("extractors", "tap-fake", PipUrl: "tap-fake", Capabilities: capabilities), new JsonObject { ["api_key"] = "s3cret" }, NoEnv)
        {
            ExecutablePath = exe,
        };

    private static int Discoveries(TempProject project) =>
        File.Exists(Path.Combine(project.Root, "calls.log")) ? File.ReadAllLines(Path.Combine(project.Root, "calls.log")).Count(l => l.Contains("--discover")) : 0;

    private static string? ArgAfter(PluginInvocation invocation, string flag)
    {
        var i = invocation.Args.ToList().IndexOf(flag);
        return i >= 0 ? invocation.Args[i + 1] : null;
    }

    [Fact]
    public async Task Config_file_is_readable_only_by_the_owner_and_deleted_after_the_run()
    {
        using var project = new TempProject();
        var invocation = await new PluginInvocationPreparer().PrepareAsync(Request(project, FakeTap(project)), CancellationToken.None);
        var config = ArgAfter(invocation, "--config")!;

        Assert.StartsWith(Path.Combine(project.Root, ".meltano", "run", "tap-fake") + "/", config);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        Assert.Equal("s3cret", JsonNode.Parse(File.ReadAllText(config))!["api_key"]!.ToString());

        await invocation.DisposeAsync();
        Assert.False(File.Exists(config));
    }

    [Fact]
    public async Task Without_the_discover_capability_there_is_no_discovery_and_no_catalog()
    {
        using var project = new TempProject();
        var invocation = await new PluginInvocationPreparer().PrepareAsync(Request(project, FakeTap(project), "catalog", "state"), CancellationToken.None);

        Assert.Equal(0, Discoveries(project));
        Assert.Null(ArgAfter(invocation, "--catalog"));
        Assert.Equal(["--config"], invocation.Args.Where(a => a.StartsWith("--")));
    }

    [Fact]
    public async Task Catalog_is_cached_until_config_schema_or_metadata_change_or_refresh_is_asked()
    {
        using var project = new TempProject();
        var preparer = new PluginInvocationPreparer();
        var request = Request(project, FakeTap(project), "catalog", "discover");

        (await preparer.PrepareAsync(request, CancellationToken.None)).Dispose();
        (await preparer.PrepareAsync(request, CancellationToken.None)).Dispose();
        Assert.Equal(1, Discoveries(project));

        (await preparer.PrepareAsync(request with { Extras = new CatalogExtras { Select = ["animals.id"], SelectFilter = ["animals"] } }, CancellationToken.None)).Dispose();
        Assert.Equal(1, Discoveries(project));

        (await preparer.PrepareAsync(request with { Config = new JsonObject { ["api_key"] = "other" } }, CancellationToken.None)).Dispose();
        Assert.Equal(2, Discoveries(project));

        var withMetadata = request with { Config = new JsonObject { ["api_key"] = "other" }, Extras = new CatalogExtras { Metadata = new JsonObject { ["animals"] = new JsonObject { ["replication-key"] = "id" } } } };
        (await preparer.PrepareAsync(withMetadata, CancellationToken.None)).Dispose();
        Assert.Equal(3, Discoveries(project));

        (await preparer.PrepareAsync(withMetadata with { RefreshCatalog = true }, CancellationToken.None)).Dispose();
        Assert.Equal(4, Discoveries(project));
    }

    [Fact]
    public async Task Editable_installs_are_never_served_from_the_cache()
    {
        using var project = new TempProject();
        var preparer = new PluginInvocationPreparer();
        var request = Request(project, FakeTap(project), "catalog", "discover");
        request = request with { Plugin = request.Plugin with { PipUrl = "-e ./tap-fake" } };

        (await preparer.PrepareAsync(request, CancellationToken.None)).Dispose();
        (await preparer.PrepareAsync(request, CancellationToken.None)).Dispose();

        Assert.Equal(2, Discoveries(project));
    }

    [Fact]
    public async Task Catalog_goes_by_catalog_with_that_capability_else_by_properties()
    {
        using var project = new TempProject();
        var exe = FakeTap(project);
        var preparer = new PluginInvocationPreparer();

        await using var withCatalog = await preparer.PrepareAsync(Request(project, exe, "catalog", "discover"), CancellationToken.None);
        await using var withProperties = await preparer.PrepareAsync(Request(project, exe, "properties", "discover"), CancellationToken.None);

        Assert.Equal(withCatalog.CatalogPath, ArgAfter(withCatalog, "--catalog"));
        Assert.Null(ArgAfter(withProperties, "--catalog"));
        Assert.Equal(withProperties.CatalogPath, ArgAfter(withProperties, "--properties"));
    }

    [Fact]
    public async Task Select_rules_are_written_into_the_catalog_the_tap_reads()
    {
        using var project = new TempProject();
        var request = Request(project, FakeTap(project), "catalog", "discover") with { Extras = new CatalogExtras { Select = ["animals.id", "animals.views"] } };

        await using var invocation = await new PluginInvocationPreparer().PrepareAsync(request, CancellationToken.None);

        var catalog = JsonNode.Parse(File.ReadAllText(ArgAfter(invocation, "--catalog")!))!;
        Assert.Equal(["id", "views"], CatalogSelection.Of(catalog).SelectedProperties()["animals"]);
        Assert.False(Selected(Stream(catalog, "pageviews")));
    }

    [Fact]
    public async Task State_file_is_passed_only_with_the_state_capability_and_deleted_after()
    {
        using var project = new TempProject();
        var exe = FakeTap(project);
        var state = JsonNode.Parse("""{"bookmarks": {"animals": {"replication_key_value": 7}}}""");
        var preparer = new PluginInvocationPreparer();

        var withState = await preparer.PrepareAsync(Request(project, exe, "state") with { State = state }, CancellationToken.None);
        await using var withoutCapability = await preparer.PrepareAsync(Request(project, exe) with { State = state }, CancellationToken.None);

        var statePath = ArgAfter(withState, "--state")!;
        Assert.Equal(state!.ToJsonString(), JsonNode.Parse(File.ReadAllText(statePath))!.ToJsonString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(statePath));
        Assert.Null(ArgAfter(withoutCapability, "--state"));
        withState.Dispose();
        Assert.False(File.Exists(statePath));
    }

    [Fact]
    public async Task Failed_discovery_names_the_command_exit_code_and_stderr()
    {
        using var project = new TempProject();
        var request = Request(project, FakeTap(project, discoverExitCode: 3), "catalog", "discover");

        var e = await Assert.ThrowsAsync<PluginInvocationException>(() => new PluginInvocationPreparer().PrepareAsync(request, CancellationToken.None));

        Assert.Contains("--discover", e.Message);
        Assert.Contains("returned 3", e.Message);
        Assert.Contains("boom: cannot reach the API", e.Message);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(project.Root, ".meltano", "run", "tap-fake")));
    }

    [Fact]
    public async Task Custom_catalog_extra_is_used_without_discovery_and_without_select_rules()
    {
        using var project = new TempProject();
        File.Copy(Path.Combine(CatalogFixtures.RecordingsDir, "tap-smoke-test.catalog.json"), Path.Combine(project.Root, "my-catalog.json"));
        var request = Request(project, FakeTap(project), "catalog", "discover") with
        {
            Extras = new CatalogExtras { CustomCatalog = "my-catalog.json", Select = ["!*.*"], SelectFilter = ["!pageviews"] },
        };

        await using var invocation = await new PluginInvocationPreparer().PrepareAsync(request, CancellationToken.None);

        Assert.Equal(0, Discoveries(project));
        var catalog = JsonNode.Parse(File.ReadAllText(ArgAfter(invocation, "--catalog")!))!;
        Assert.True(Selected(Stream(catalog, "animals")));
        Assert.False(Selected(Stream(catalog, "pageviews")));
    }
}
