using System.Text.Json.Nodes;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

/// <summary>`add`, `lock` and `remove` against a local Hub-shaped server, as real `tapline` processes.</summary>
public class HubVerbTests
{
    private const string Project = """
        version: 1
        # The team's note about this project stays where it is.
        default_environment: dev
        plugins:
          loaders:
          - name: target-jsonl  # bundled with Tapline
            namespace: target_jsonl
            executable: target-jsonl
        environments:
        - name: dev
        """;

    private static JsonObject GitlabDefinition(string variant) => new()
    {
        ["name"] = "tap-gitlab",
        ["namespace"] = "tap_gitlab",
        ["variant"] = variant,
        ["label"] = "GitLab",
        ["docs"] = $"https://hub.meltano.com/extractors/tap-gitlab--{variant}",
        ["repo"] = $"https://github.com/{variant}/tap-gitlab",
        ["pip_url"] = $"git+https://github.com/{variant}/tap-gitlab.git",
        ["description"] = "Single platform for the entire DevOps lifecycle",
        ["hidden"] = false,
        ["keywords"] = new JsonArray("meltano_sdk"),
        ["capabilities"] = new JsonArray("catalog", "discover", "state"),
        ["settings_group_validation"] = new JsonArray(new JsonArray("projects", "private_token")),
        ["settings"] = new JsonArray(
            new JsonObject { ["name"] = "private_token", ["kind"] = "password", ["label"] = "Private Token", ["sensitive"] = true },
            new JsonObject { ["name"] = "projects", ["kind"] = "string", ["label"] = "Projects" }),
    };

    /// <summary>The project with these entries (indented as under <c>plugins:</c>) as its extractors.</summary>
    private static string WithExtractors(string entries) =>
        TempProject(Project.Replace("  loaders:\n", "  extractors:\n" + entries + "\n  loaders:\n"));

    private static FakeHub Hub()
    {
        var hub = new FakeHub();
        hub.AddPlugin("extractors", "tap-gitlab", ("meltanolabs", GitlabDefinition("meltanolabs")), ("singer-io", GitlabDefinition("singer-io")));
        return hub;
    }

    private static Task<Result> Run(FakeHub hub, string root, params string[] args) =>
        RunAsync(["--cwd", root, .. args], env: new Dictionary<string, string> { ["MELTANO_HUB_URL"] = hub.Url, ["MELTANO_HUB_URL_AUTH"] = "Bearer s3cret" });

    [Fact]
    public async Task Add_writes_name_variant_and_pip_url_and_the_hub_definition_as_the_lock_file()
    {
        await using var hub = Hub();
        var root = TempProject(Project);

        var r = await Run(hub, root, "add", "extractor", "tap-gitlab", "--no-install");
        var list = await Run(hub, root, "config", "tap-gitlab", "list");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("""
            Added extractor 'tap-gitlab' to your project
            Variant:	meltanolabs (default)
            Repository:	https://github.com/meltanolabs/tap-gitlab
            Documentation:	https://hub.meltano.com/extractors/tap-gitlab--meltanolabs


            """.Replace("\r", ""), r.Stdout);
        var yaml = await File.ReadAllTextAsync(Path.Combine(root, "meltano.yml"));
        Assert.Contains("# The team's note about this project stays where it is.", yaml);
        Assert.Contains("- name: target-jsonl  # bundled with Tapline", yaml);
        var added = PluginEntry(root, "tap-gitlab");
        Assert.Equal(["name", "variant", "pip_url"], added.Keys);
        Assert.Equal("meltanolabs", added["variant"]);
        Assert.Equal("git+https://github.com/meltanolabs/tap-gitlab.git", added["pip_url"]);
        var lockText = await File.ReadAllTextAsync(Path.Combine(root, "plugins", "extractors", "tap-gitlab--meltanolabs.lock"));
        Assert.StartsWith("{\n  \"plugin_type\": \"extractors\",\n  \"name\": \"tap-gitlab\",\n  \"namespace\": \"tap_gitlab\",\n  \"variant\": \"meltanolabs\",\n", lockText);
        Assert.EndsWith("}\n", lockText);
        var lockJson = JsonNode.Parse(lockText)!.AsObject();
        Assert.Null(lockJson["hidden"]);
        Assert.Equal("meltano_sdk", (string?)lockJson["keywords"]![0]);
        Assert.All(hub.Authorizations, a => Assert.Equal("Bearer s3cret", a));
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("private_token [env: TAP_GITLAB_PRIVATE_TOKEN]", list.Stdout);
    }

    [Fact]
    public async Task Add_as_an_alias_of_a_hub_variant_inherits_from_it()
    {
        await using var hub = Hub();
        var root = TempProject(Project);

        var r = await RunAsync(["--cwd", root, "add", "extractor", "tap-gitlab", "--variant", "singer-io", "--as", "tap-gitlab-ops", "--no-install"],
            env: new Dictionary<string, string> { ["MELTANO_HUB_API_ROOT"] = hub.ApiRoot, ["MELTANO_HUB_URL"] = "http://127.0.0.1:9" });

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("Added extractor 'tap-gitlab-ops' to your project\nInherit from:\ttap-gitlab, variant singer-io\n", r.Stdout);
        var entry = PluginEntry(root, "tap-gitlab-ops");
        Assert.Equal(["name", "inherit_from", "variant", "pip_url"], entry.Keys);
        Assert.Equal("tap-gitlab", entry["inherit_from"]);
        Assert.Equal("singer-io", entry["variant"]);
        Assert.True(File.Exists(Path.Combine(root, "plugins", "extractors", "tap-gitlab--singer-io.lock")));
    }

    [Fact]
    public async Task Add_of_what_the_hub_does_not_know_fails_with_one_line()
    {
        await using var hub = Hub();
        var root = TempProject(Project);

        var plugin = await Run(hub, root, "add", "extractor", "tap-nope", "--no-install");
        var variant = await Run(hub, root, "add", "extractor", "tap-gitlab", "--variant", "nobody", "--no-install");

        Assert.Equal(1, plugin.ExitCode);
        Assert.StartsWith("error: Extractor 'tap-nope' is not known to Meltano Hub", plugin.Stderr);
        Assert.Single(plugin.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, variant.ExitCode);
        Assert.Contains("variant 'nobody' is not known to Meltano. Variants: meltanolabs, singer-io", variant.Stderr);
        Assert.Equal(Project, (await File.ReadAllTextAsync(Path.Combine(root, "meltano.yml"))).TrimEnd('\n'));
    }

    [Fact]
    public async Task Add_custom_from_flags_and_from_a_reference_file_or_url()
    {
        await using var hub = Hub();
        hub.Serve("/defs/tap-remote.yml", "name: tap-remote\nnamespace: tap_remote\npip_url: tap-remote==2.0\ncapabilities: [catalog, discover]\n");
        var root = TempProject(Project);
        await File.WriteAllTextAsync(Path.Combine(root, "tap-local.yml"), "name: tap-local\nnamespace: tap_local\nexecutable: tap-local\nsettings:\n- name: api_key\n  kind: password\n");

        var custom = await Run(hub, root, "add", "extractor", "tap-mine", "--custom", "--namespace", "tap_mine", "--pip-url", "-e ./tap-mine",
            "--capabilities", "catalog,discover,state", "--settings", "api_url,api_key:password", "--no-install");
        var local = await Run(hub, root, "add", "extractor", "tap-local", "--from-ref", Path.Combine(root, "tap-local.yml"), "--no-install");
        var remote = await Run(hub, root, "add", "extractor", "tap-remote", "--from-ref", hub.Url + "/defs/tap-remote.yml", "--no-install");
        var missing = await Run(hub, root, "add", "extractor", "tap-x", "--from-ref", Path.Combine(root, "nope.yml"), "--no-install");
        var list = await Run(hub, root, "config", "tap-mine", "list");

        Assert.True(custom.ExitCode == 0, custom.ToString());
        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.True(remote.ExitCode == 0, remote.ToString());
        Assert.Equal(2, missing.ExitCode);
        var mine = PluginEntry(root, "tap-mine");
        Assert.Equal(["name", "namespace", "pip_url", "executable", "capabilities", "settings"], mine.Keys);
        Assert.Equal("-e ./tap-mine", mine["pip_url"]);
        Assert.Equal(["catalog", "discover", "state"], ((List<object?>)mine["capabilities"]!).Cast<string>());
        Assert.Equal("password", ((Dictionary<string, object?>)((List<object?>)mine["settings"]!)[1]!)["kind"]);
        Assert.Equal("tap_local", PluginEntry(root, "tap-local")["namespace"]);
        var remoteEntry = PluginEntry(root, "tap-remote");
        Assert.Equal("tap-remote==2.0", remoteEntry["pip_url"]);
        Assert.Equal(["catalog", "discover"], ((List<object?>)remoteEntry["capabilities"]!).Cast<string>());
        Assert.Contains("api_key [env: TAP_MINE_API_KEY]", list.Stdout);
        Assert.False(Directory.Exists(Path.Combine(root, "plugins")));
    }

    [Fact]
    public async Task Add_of_a_plugin_already_there_updates_it_and_keeps_its_config_unless_no_update()
    {
        await using var hub = Hub();
        var root = WithExtractors("""
              - name: tap-gitlab
                variant: singer-io
                config:
                  projects: meltano/meltano
            """);

        var noUpdate = await Run(hub, root, "add", "extractor", "tap-gitlab", "--no-update", "--no-install");
        var update = await Run(hub, root, "add", "extractor", "tap-gitlab", "--variant", "meltanolabs", "--no-install");

        Assert.True(noUpdate.ExitCode == 0, noUpdate.ToString());
        Assert.Contains("Extractor 'tap-gitlab' already exists in your Meltano project", noUpdate.Stderr);
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.StartsWith("Updated extractor 'tap-gitlab' in your project\n", update.Stdout);
        var yaml = await File.ReadAllTextAsync(Path.Combine(root, "meltano.yml"));
        Assert.Contains("variant: meltanolabs", yaml);
        Assert.Contains("projects: meltano/meltano", yaml);
    }

    [Fact]
    public async Task Lock_writes_missing_lock_files_keeps_existing_ones_and_update_refreshes_them()
    {
        await using var hub = Hub();
        var root = WithExtractors("""
              - name: tap-gitlab
                variant: meltanolabs
                pip_url: git+https://github.com/meltanolabs/tap-gitlab.git
              - name: tap-gitlab-ops
                inherit_from: tap-gitlab
            """);
        var lockPath = Path.Combine(root, "plugins", "extractors", "tap-gitlab--meltanolabs.lock");

        var first = await Run(hub, root, "lock", "--all");
        await File.WriteAllTextAsync(lockPath, "{\"plugin_type\": \"extractors\", \"name\": \"tap-gitlab\", \"namespace\": \"tap_gitlab\"}\n");
        var again = await Run(hub, root, "lock", "--plugin-type", "extractor");
        var kept = await File.ReadAllTextAsync(lockPath);
        var update = await Run(hub, root, "lock", "--update", "tap-gitlab");
        var none = await Run(hub, root, "lock", "tap-nope");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Locked definition for extractor tap-gitlab", first.Stderr);
        Assert.Contains("Extractor tap-gitlab-ops is an inherited plugin", first.Stderr);
        Assert.Contains("Loader target-jsonl is a custom plugin", first.Stderr);
        Assert.Contains("Lockfile exists for extractor tap-gitlab at plugins/extractors/tap-gitlab--meltanolabs.lock", again.Stderr);
        Assert.DoesNotContain("settings", kept);
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Contains("\"settings\"", await File.ReadAllTextAsync(lockPath));
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("No matching plugin(s) found", none.Stderr);
    }

    [Fact]
    public async Task Remove_takes_the_plugin_out_of_meltano_yml_with_its_installation_and_lock_file()
    {
        await using var hub = Hub();
        var root = TempProject(Project);
        Assert.Equal(0, (await Run(hub, root, "add", "extractor", "tap-gitlab", "--no-install")).ExitCode);
        Directory.CreateDirectory(Path.Combine(root, ".meltano", "extractors", "tap-gitlab", "venv"));

        var r = await Run(hub, root, "remove", "extractor", "tap-gitlab");
        var again = await Run(hub, root, "remove", "tap-gitlab");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Removed extractor 'tap-gitlab' from meltano.yml", r.Stderr);
        Assert.Contains("Removed extractor 'tap-gitlab' from .meltano/extractors", r.Stderr);
        Assert.Contains("Removed extractor 'tap-gitlab' from plugins/extractors", r.Stderr);
        Assert.False(File.Exists(Path.Combine(root, "plugins", "extractors", "tap-gitlab--meltanolabs.lock")));
        Assert.False(Directory.Exists(Path.Combine(root, ".meltano", "extractors", "tap-gitlab")));
        var yaml = await File.ReadAllTextAsync(Path.Combine(root, "meltano.yml"));
        Assert.DoesNotContain("tap-gitlab", yaml);
        Assert.Contains("# The team's note about this project stays where it is.", yaml);
        Assert.Contains("Could not find extractor 'tap-gitlab' in meltano.yml to remove", again.Stderr);
    }
}
