using Microsoft.Data.Sqlite;
using Tapline.Core.Data.Database;
using Tapline.Core.Pipelines;
using Tapline.Core.Places;
using Tapline.Core.Plugins;
using Tapline.Core.Project;

namespace Tapline.Core.Tests.Places;

public sealed class ProjectPlacesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tapline-places-").FullName;

    public ProjectPlacesTests() => File.WriteAllText(Path.Combine(_root, "meltano.yml"), """
        version: 1
        default_environment: dev
        environments:
        - name: dev
        - name: prod
        """);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Dictionary<string, string> Env(params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["MELTANO_PROJECT_ROOT"] = _root };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }
        return env;
    }

    [Fact]
    public void Sys_dir_from_dotenv_holds_the_logs_the_plugins_and_the_sqlite_database()
    {
        File.WriteAllText(Path.Combine(_root, ".env"), "MELTANO_SYS_DIR_ROOT=state\n");
        var sysDir = Path.Combine(_root, "state");

        var places = ProjectPlaces.Resolve(Env());

        Assert.Equal(sysDir, places.SysDir);
        Assert.Equal(Path.Combine(sysDir, "logs"), places.LogsDir);
        Assert.Equal(DatabaseProvider.Sqlite, places.Database.Provider);
        Assert.Equal(Path.Combine(sysDir, "meltano.db"), new SqliteConnectionStringBuilder(places.Database.ConnectionString).DataSource);
        Assert.StartsWith(places.LogsDir + Path.DirectorySeparatorChar, EltLogPath.For(places.SysDir, "dev:a-to-b", Guid.NewGuid()), StringComparison.Ordinal);
        Assert.StartsWith(sysDir + Path.DirectorySeparatorChar, PluginPaths.VenvDir(_root, new PluginSpec("extractors", "tap-x")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_key_ring_secret_is_ui_secret_key_from_dotenv_with_previous_keys_for_a_service_and_an_opened_project_alike()
    {
        File.WriteAllText(Path.Combine(_root, ".env"), "MELTANO_UI_SECRET_KEY=from-dotenv\nTAPLINE_PREVIOUS_SECRET_KEYS=old-one,old-two\n");

        var service = ProjectPlaces.Resolve(Env()).Database.DataProtectionSecrets;
        var cli = ProjectPlaces.Of(ProjectContext.Open(new ProjectOpenOptions { Cwd = _root, ProcessEnv = Env() })).Database.DataProtectionSecrets;

        Assert.Equal(new Tapline.Core.Data.Protection.DataProtectionSecrets("from-dotenv", "old-one,old-two"), service);
        Assert.Equal(service, cli);
        Assert.Equal(["old-one", "old-two"], service!.PreviousKeys);
        Assert.DoesNotContain("from-dotenv", service.ToString());
        File.Delete(Path.Combine(_root, ".env"));
        Assert.Null(ProjectPlaces.Resolve(Env()).Database.DataProtectionSecrets);
    }

    [Fact]
    public void An_opened_project_and_a_service_resolve_the_same_places()
    {
        var env = Env(("MELTANO_SYS_DIR_ROOT", Path.Combine(_root, "elsewhere")), ("MELTANO_ENVIRONMENT", "prod"));

        var service = ProjectPlaces.Resolve(env);
        var cli = ProjectPlaces.Of(ProjectContext.Open(new ProjectOpenOptions { Cwd = _root, ProcessEnv = env }));

        Assert.Equal((service.Root, service.SysDir, service.Environment, service.Database), (cli.Root, cli.SysDir, cli.Environment, cli.Database));
        Assert.Equal("prod", service.Environment);
        Assert.Equal("prod", service.SelectedEnvironment);
    }

    [Fact]
    public void Without_a_selection_the_environment_is_meltano_ymls_default_and_aspires_connection_string_wins()
    {
        var places = ProjectPlaces.Resolve(Env(("ConnectionStrings__systemdb", "Host=db.example;Database=tapline;Username=t")));

        Assert.Equal(("dev", (string?)null), (places.Environment, places.SelectedEnvironment));
        Assert.Equal(DatabaseProvider.Postgres, places.Database.Provider);
        Assert.Equal(Path.Combine(_root, ".meltano"), places.SysDir);
    }
}
