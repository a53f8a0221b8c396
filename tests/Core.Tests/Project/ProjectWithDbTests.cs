using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Core.Tests.Fixtures;

namespace Tapline.Core.Tests.Project;

/// <summary>
/// The CLI opens a project, finds its system database from it, then adds the database's settings layer with
/// <see cref="ProjectContext.WithDb"/>: the same project as a fresh open with that layer, without reading the files again.
/// </summary>
public sealed class ProjectWithDbTests
{
    private sealed class FakeDb(Dictionary<string, string> values) : ISettingsDbStore
    {
        public IReadOnlyDictionary<string, string> GetValues(string pluginType, string pluginName) =>
            pluginType == "extractors" && pluginName == "tap-a" ? values : new Dictionary<string, string>();
    }

    private static string Project()
    {
        var root = Path.Combine(Path.GetTempPath(), "tapline-tests", $"with-db-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "meltano.yml"), """
            version: 1
            default_environment: dev
            plugins:
              extractors:
              - name: tap-a
                settings:
                - name: s
                - name: t
                config:
                  t: meltano_yml
            environments:
            - name: dev
              env:
                FROM_ENVIRONMENT: dev
            - name: prod
            """);
        File.WriteAllText(Path.Combine(root, ".env"), "TAP_A_T=dotenv\n");
        return root;
    }

    [Theory]
    [InlineData(null, "dev")]
    [InlineData("prod", "prod")]
    [InlineData("", null)]
    public void Adding_the_database_layer_gives_what_opening_with_it_gives(string? environment, string? expected)
    {
        var root = Project();
        var db = new FakeDb(new Dictionary<string, string> { ["s"] = "db", ["t"] = "db" });
        var options = new ProjectOpenOptions
        {
            Cwd = root,
            Environment = environment,
            ProcessEnv = FixtureProjects.Env(("MELTANO_SEND_ANONYMOUS_USAGE_STATS", "false")),
            RunEnv = new Dictionary<string, string> { ["FROM_SCHEDULE"] = "nightly" },
        };

        var layered = ProjectContext.Open(options).WithDb(db);
        var opened = ProjectContext.Open(options with { Db = db });

        Assert.Same(db, layered.Db);
        Assert.Equal(expected, layered.Environment?.Name);
        Assert.Equal(opened.Environment?.Name, layered.Environment?.Name);
        var plugin = layered.FindPlugin("tap-a");
        Assert.Equal(("db", SettingValueSource.Db), Value(layered, plugin, "s"));
        Assert.Equal(("dotenv", SettingValueSource.DotEnv), Value(layered, plugin, "t"));
        Assert.Equal(Value(opened, opened.FindPlugin("tap-a"), "s"), Value(layered, plugin, "s"));
        Assert.Equal(opened.PluginEnv(opened.FindPlugin("tap-a")), layered.PluginEnv(plugin));
        Assert.Equal("nightly", layered.PluginEnv(plugin)["FROM_SCHEDULE"]);
    }

    [Fact]
    public void Adding_the_database_layer_does_not_read_meltano_yml_again()
    {
        var root = Project();
        var plain = ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = FixtureProjects.Env() });
        File.WriteAllText(Path.Combine(root, "meltano.yml"), "version: 1\nplugins: [not, a, mapping\n");

        var layered = plain.WithDb(new FakeDb([]));

        Assert.Same(plain.Project, layered.Project);
        Assert.Equal("tap-a", layered.FindPlugin("tap-a").Name);
    }

    private static (string?, SettingValueSource) Value(ProjectContext ctx, PluginDefinition plugin, string name)
    {
        var setting = ctx.ResolvePluginSettings(plugin).Find(name)!;
        return (setting.Value?.ToString(), setting.Source);
    }
}
