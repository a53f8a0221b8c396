using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.Settings;
using Tapline.Core.Data.State;

namespace Tapline.Core.Data.Database;

public static class SystemDatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers the system database for a service: the context factory (and a scoped
    /// <see cref="SystemDbContext"/>), the run queue and its signal, the state store, the plugin
    /// settings store, and Data Protection with its keys in the database. Call
    /// <see cref="SystemDatabase.MigrateAsync"/> before the host starts.
    /// </summary>
    public static IServiceCollection AddSystemDatabase(this IServiceCollection services, SystemDatabaseConnection connection)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(connection);
        services.AddSingleton<SystemDbContextFactory>();
        services.AddSingleton(sp => sp.GetRequiredService<SystemDbContextFactory>().AsEntityFramework());
        services.AddScoped(sp => sp.GetRequiredService<SystemDbContextFactory>().CreateDbContext());
        services.AddSingleton<RunQueueSignal>();
        services.AddSingleton<RunQueue>();
        services.AddSingleton<StateStore>();
        services.AddSingleton<StateEditor>();
        services.AddSingleton<PluginSettingsStore>();
        services.AddDataProtection()
            .SetApplicationName("tapline")
            .PersistKeysToDbContext<SystemDbContext>();
        return services;
    }
}
