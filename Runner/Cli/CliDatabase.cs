using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Tapline.Core.Data.Database;
using Tapline.Core.Data.Settings;
using Tapline.Core.Data.State;
using Tapline.Core.Project;

namespace Tapline.Runner.Cli;

/// <summary>
/// Opens the system database for CLI verbs that need it (install, state, run, config --store db).
/// Verbs that do not need it never call this, so they never create <c>.meltano/meltano.db</c>.
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

    /// <summary>Where the system database of this project is, without touching it.</summary>
    public static SystemDatabaseConnection Resolve(ProjectContext ctx) =>
        SystemDatabaseConnection.Resolve(
            ctx.ProcessEnv.GetValueOrDefault("ConnectionStrings__systemdb") ?? ctx.ProcessEnv.GetValueOrDefault("ConnectionStrings:systemdb"),
            ctx.Settings.DatabaseUri,
            ctx.Root);

    /// <summary>The settings store of an opened database, with Data Protection keyed in that database as the services have it.</summary>
    public static PluginSettingsStore SettingsStore(SystemDbContextFactory factory) => Services(factory).GetRequiredService<PluginSettingsStore>();

    public static StateStore StateStore(SystemDbContextFactory factory) => new(factory);

    private static ServiceProvider Services(SystemDbContextFactory factory)
    {
        var services = new ServiceCollection();
        services.AddSystemDatabase(factory.Connection);
        services.AddSingleton(factory);
        return services.BuildServiceProvider();
    }
}
