using System.CommandLine;
using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Settings;
using Tapline.Core.Data.State;
using Tapline.Core.Places;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>
/// Opens the system database for CLI verbs that need it (state, run, elt, config --store db) and the
/// project with its <c>db</c> settings layer. Verbs that do not need it (install, lint, schedule, ...) never
/// call this, so they never create <c>.meltano/meltano.db</c>.
/// </summary>
public static class CliDatabase
{
    /// <summary>
    /// Resolves the system database as the services do — <c>ConnectionStrings__systemdb</c> (process env)
    /// wins over <c>database_uri</c> / <c>MELTANO_DATABASE_URI</c> — and brings it to the latest migration.
    /// </summary>
    /// <exception cref="ProjectException">The database cannot be resolved or reached; the message names it (never its password).</exception>
    public static async Task<SystemDbContextFactory> OpenAsync(ProjectContext ctx, CancellationToken ct)
    {
        SystemDatabaseConnection connection;
        try
        {
            connection = Resolve(ctx);
        }
        catch (DatabaseUriException e)
        {
            throw new ProjectException($"system database: {e.Message}");
        }
        try
        {
            return await SystemDatabase.MigrateAsync(connection, logger: null, ct);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The CLI reports one line a data engineer can act on; the stack trace says nothing more to them.
            throw new ProjectException($"system database {connection.Description} cannot be opened: {e.Message}");
        }
    }

    /// <summary>
    /// Opens the project the global options select with the system database's settings layer (source <c>db</c>).
    /// With <paramref name="createDatabase"/> false the layer is read only when the database already exists
    /// (PostgreSQL, or a SQLite file that is there), so reading config never creates <c>.meltano/meltano.db</c>.
    /// </summary>
    public static Task<ProjectContext> OpenProjectAsync(ParseResult parse, bool createDatabase, CancellationToken ct) =>
        OpenProjectAsync(parse, _ => createDatabase, ct);

    /// <param name="createDatabase">Decides, from the project opened without the database, whether to create it.</param>
    public static async Task<ProjectContext> OpenProjectAsync(ParseResult parse, Func<ProjectContext, bool> createDatabase, CancellationToken ct)
    {
        var plain = CliGlobals.OpenProject(parse);
        if (!createDatabase(plain) && !Exists(plain))
        {
            return plain;
        }
        return (await WithDatabaseAsync(plain, ct)).Project;
    }

    /// <summary>
    /// For verbs that need the database anyway (<c>run</c>, <c>elt</c>): the project with its <c>db</c> settings
    /// layer, and the migrated database, opened once.
    /// </summary>
    public static Task<(ProjectContext Project, SystemDbContextFactory Database)> OpenProjectAndDatabaseAsync(ParseResult parse, CancellationToken ct) =>
        WithDatabaseAsync(CliGlobals.OpenProject(parse), ct);

    /// <summary>The same, for a caller that already opened the project without the database (to check its input first).</summary>
    public static Task<(ProjectContext Project, SystemDbContextFactory Database)> OpenProjectAndDatabaseAsync(ParseResult parse, ProjectContext plain, CancellationToken ct) =>
        WithDatabaseAsync(plain, ct);

    private static async Task<(ProjectContext Project, SystemDbContextFactory Database)> WithDatabaseAsync(ProjectContext plain, CancellationToken ct)
    {
        var factory = await OpenAsync(plain, ct);
        var settings = await DbSettingsStore.LoadAsync(factory, SettingsStore(factory), ct);
        return (plain.WithDb(settings), factory);
    }

    /// <summary>Whether the system database is already there (any PostgreSQL counts: Tapline never owns its server).</summary>
    public static bool Exists(ProjectContext ctx)
    {
        SystemDatabaseConnection connection;
        try
        {
            connection = Resolve(ctx);
        }
        catch (DatabaseUriException e)
        {
            throw new ProjectException($"system database: {e.Message}");
        }
        return connection.Provider != DatabaseProvider.Sqlite
            || File.Exists(new SqliteConnectionStringBuilder(connection.ConnectionString).DataSource);
    }

    /// <summary>Where the system database of this project is, without touching it: Core's <see cref="ProjectPlaces"/>, as every service resolves it.</summary>
    public static SystemDatabaseConnection Resolve(ProjectContext ctx) =>
        ProjectPlaces.Of(ctx).Database;

    /// <summary>The settings store of an opened database, with Data Protection keyed in that database as the services have it.</summary>
    /// <remarks>Data Protection (a service container, its key ring read from the database) starts only when a
    /// stored secret is read or written: most verbs read no secret, and its start is a fair part of theirs.</remarks>
    public static PluginSettingsStore SettingsStore(SystemDbContextFactory factory) =>
        new(factory, new DeferredDataProtection(() => Services(factory).GetRequiredService<IDataProtectionProvider>()));

    private sealed class DeferredDataProtection(Func<IDataProtectionProvider> create) : IDataProtectionProvider
    {
        private readonly Lazy<IDataProtectionProvider> _provider = new(create);

        public IDataProtector CreateProtector(string purpose) => _provider.Value.CreateProtector(purpose);
    }

    public static StateStore StateStore(SystemDbContextFactory factory) => new(factory);

    private static ServiceProvider Services(SystemDbContextFactory factory)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSystemDatabase(factory.Connection);
        services.AddSingleton(factory);
        return services.BuildServiceProvider();
    }
}
