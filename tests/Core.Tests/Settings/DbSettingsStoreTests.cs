using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Settings;
using Tapline.Core.Project;
using Tapline.Core.Settings;
using Tapline.Core.Tests.Data;
using Tapline.Core.Tests.Fixtures;

namespace Tapline.Core.Tests.Settings;

public class DbSettingsStoreTests
{
    private const string Yaml = """
        version: 1
        plugins:
          extractors:
          - name: tap-db
            settings:
            - {name: user}
            - {name: password, kind: password}
            - {name: page_size, kind: integer}
            config:
              user: from-yml
        """;

    private static string NewProject()
    {
        var root = Path.Combine(Path.GetTempPath(), "tapline-db-settings-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "meltano.yml"), Yaml);
        return root;
    }

    // A fresh load is what a new Tapline process sees: only what reached the database.
    private static async Task<ProjectContext> OpenAsync(string root, SystemDbContextFactory factory, params (string, string)[] env)
    {
        var services = new ServiceCollection().AddLogging().AddSystemDatabase(factory.Connection).BuildServiceProvider();
        var db = await DbSettingsStore.LoadAsync(factory, services.GetRequiredService<PluginSettingsStore>());
        return ProjectContext.Open(new ProjectOpenOptions { Cwd = root, ProcessEnv = FixtureProjects.Env(env), Db = db });
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Values_stored_in_the_database_resolve_with_source_db_and_secrets_are_not_stored_in_plain_text(DatabaseProvider provider)
    {
        var factory = await TestDatabases.MigratedAsync(provider);
        var root = NewProject();
        var ctx = await OpenAsync(root, factory);

        var secret = SettingsWriter.Set(ctx, ctx.FindPlugin("tap-db"), "password", "pg-hunter2", SettingStore.Db);
        SettingsWriter.Set(ctx, ctx.FindPlugin("tap-db"), "page_size", "250", SettingStore.Db);

        Assert.Equal((SettingValueSource.Db, "the system database"), (secret.Store, secret.Where));
        var again = await OpenAsync(root, factory);
        var resolved = again.ResolvePluginSettings(again.FindPlugin("tap-db"));
        Assert.Equal(("pg-hunter2", SettingValueSource.Db), (resolved.Find("password")!.Value, resolved.Find("password")!.Source));
        Assert.Equal((250L, SettingValueSource.Db), (resolved.Find("page_size")!.Value, resolved.Find("page_size")!.Source));
        await using var context = factory.CreateDbContext();
        var rows = await context.PluginSettings.AsNoTracking().ToDictionaryAsync(r => r.SettingName);
        Assert.True(rows["password"].Encrypted);
        Assert.DoesNotContain("pg-hunter2", rows["password"].Value);
        Assert.Equal(("extractors", "tap-db", "250"), (rows["page_size"].PluginType, rows["page_size"].PluginName, rows["page_size"].Value));
        Assert.Equal(Yaml, File.ReadAllText(Path.Combine(root, "meltano.yml")));
        Assert.False(File.Exists(Path.Combine(root, ".env")));
    }

    [Fact]
    public async Task Meltano_yml_wins_over_the_database_as_in_Meltano()
    {
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Sqlite);
        var root = NewProject();
        var ctx = await OpenAsync(root, factory);

        SettingsWriter.Set(ctx, ctx.FindPlugin("tap-db"), "user", "from-db", SettingStore.Db);

        var again = await OpenAsync(root, factory);
        var user = again.ResolvePluginSettings(again.FindPlugin("tap-db")).Find("user")!;
        Assert.Equal(("from-yml", SettingValueSource.MeltanoYml), (user.Value, user.Source));
    }

    [Fact]
    public async Task Auto_store_in_a_read_only_project_writes_to_the_database_and_no_project_file()
    {
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Sqlite);
        var root = NewProject();
        var ctx = await OpenAsync(root, factory, ("MELTANO_PROJECT_READONLY", "true"));

        var result = SettingsWriter.Set(ctx, ctx.FindPlugin("tap-db"), "page_size", "10");

        Assert.Equal(SettingValueSource.Db, result.Store);
        var again = await OpenAsync(root, factory);
        Assert.Equal(10L, again.ResolvePluginSettings(again.FindPlugin("tap-db")).Find("page_size")!.Value);
        Assert.Equal(Yaml, File.ReadAllText(Path.Combine(root, "meltano.yml")));
        Assert.False(File.Exists(Path.Combine(root, ".env")));
    }

    [Fact]
    public async Task Project_settings_are_stored_under_meltano_and_resolve_from_the_database()
    {
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Sqlite);
        var root = NewProject();
        var ctx = await OpenAsync(root, factory);

        SettingsWriter.Set(ctx, null, "ui.bind_port", "8123", SettingStore.Db);

        var again = await OpenAsync(root, factory);
        Assert.Equal(8123, again.Settings.UiBindPort);
        Assert.Equal(SettingValueSource.Db, again.Settings.Resolved.Find("ui.bind_port")!.Source);
    }

    [Fact]
    public async Task Auto_unset_removes_the_value_from_the_database_too()
    {
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Sqlite);
        var root = NewProject();
        var ctx = await OpenAsync(root, factory);
        SettingsWriter.Set(ctx, ctx.FindPlugin("tap-db"), "page_size", "250", SettingStore.Db);

        var removed = SettingsWriter.Unset(await OpenAsync(root, factory), ctx.FindPlugin("tap-db"), "page_size");

        Assert.Contains("the system database", removed);
        var again = await OpenAsync(root, factory);
        Assert.Equal(SettingValueSource.Unset, again.ResolvePluginSettings(again.FindPlugin("tap-db")).Find("page_size")!.Source);
    }

    [Fact]
    public async Task Reset_with_store_db_removes_every_stored_value_of_the_plugin_only()
    {
        var factory = await TestDatabases.MigratedAsync(DatabaseProvider.Sqlite);
        var root = NewProject();
        var ctx = await OpenAsync(root, factory);
        SettingsWriter.Set(ctx, ctx.FindPlugin("tap-db"), "page_size", "250", SettingStore.Db);
        SettingsWriter.Set(ctx, ctx.FindPlugin("tap-db"), "password", "x", SettingStore.Db);
        SettingsWriter.Set(ctx, null, "ui.bind_port", "8123", SettingStore.Db);

        var removed = SettingsWriter.Reset(ctx, ctx.FindPlugin("tap-db"), SettingStore.Db);

        Assert.Equal(["the system database"], removed);
        var again = await OpenAsync(root, factory);
        Assert.Empty(again.Db!.GetValues("extractors", "tap-db"));
        Assert.Equal(8123, again.Settings.UiBindPort);
        Assert.Equal(Yaml, File.ReadAllText(Path.Combine(root, "meltano.yml")));
    }
}
