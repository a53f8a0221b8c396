using System.Text.Json.Nodes;
using static Tapline.Runner.Tests.Cli.TaplineProcess;

namespace Tapline.Runner.Tests.Cli;

/// <summary>Issue #12 item 9, through a real `tapline config`: Tapline's own secrets never expand into a plugin's config.</summary>
public class ConfigSecretExpansionTests
{
    [Fact]
    public async Task Config_expands_an_ordinary_variable_but_not_taplines_own_secrets_even_unsafe()
    {
        var root = TempProject("""
            version: 1
            plugins:
              extractors:
              - name: tap-x
                config:
                  key: $MELTANO_UI_SECRET_KEY
                  bootstrap: ${TAPLINE_BOOTSTRAP_PASSWORD}
                  db: $MELTANO_DATABASE_URI
                  token: $MY_TOKEN
            """);
        var dbUri = $"sqlite:///{Path.Combine(root, ".meltano", "db-uri-marker.db")}";
        var env = new Dictionary<string, string>
        {
            ["MELTANO_UI_SECRET_KEY"] = "signing-key-marker",
            ["TAPLINE_BOOTSTRAP_PASSWORD"] = "bootstrap-marker",
            ["MELTANO_DATABASE_URI"] = dbUri,
            ["MY_TOKEN"] = "tok",
        };

        var r = await RunAsync(["--cwd", root, "config", "tap-x", "--unsafe"], env: env);

        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonNode.Parse(r.Stdout)!;
        Assert.Equal("", (string?)json["key"]);
        Assert.Equal("", (string?)json["bootstrap"]);
        Assert.Equal("", (string?)json["db"]);
        Assert.Equal("tok", (string?)json["token"]);
        Assert.DoesNotContain("marker", r.Stdout);
    }
}
