using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tapline.Core.Data.Protection;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.Settings;
using Tapline.Core.Data.State;

namespace Tapline.Core.Data.Database;

public static class SystemDatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers the system database for a service: the context factory, the run queue and its signal, the state store, the plugin
    /// settings store, and Data Protection with its keys in the database, sealed with the connection's
    /// <see cref="SystemDatabaseConnection.DataProtectionSecrets"/> (<c>ui.secret_key</c>) when it has them. Call
    /// <see cref="SystemDatabase.MigrateAsync"/> before the host starts. No EF Core: everything registered here runs plain
    /// SQL, so <c>tapline</c> (Native AOT) can use it; a service that queries through EF adds <see cref="AddSystemDbContext"/>.
    /// </summary>
    // Data Protection creates a sealed key's decryptor from the type name stored in the key's XML: under Native AOT the
    // type must be kept with its constructors and its metadata (a typeof alone does not make it findable by name).
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(SecretKeyXmlDecryptor))]
    public static IServiceCollection AddSystemDatabase(this IServiceCollection services, SystemDatabaseConnection connection)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(connection);
        services.AddSingleton<SystemDbContextFactory>();
        services.AddSingleton<RunQueueSignal>();
        services.AddSingleton<RunQueue>();
        services.AddSingleton<StateStore>();
        services.AddSingleton<StateEditor>();
        services.AddSingleton<PluginSettingsStore>();
        services.AddDataProtection().SetApplicationName("tapline");
        var cipher = connection.DataProtectionSecrets is { } secrets ? new KeyRingCipher(secrets) : null;
        if (cipher is not null)
        {
            // SecretKeyXmlDecryptor finds it here when Data Protection creates it by name.
            services.AddSingleton(cipher);
        }
        // One repository: Data Protection's, and the one a service checks at start (EnsureOpensAsync).
        services.AddSingleton(sp => new SystemDbKeyRepository(sp.GetRequiredService<SystemDbContextFactory>(), cipher));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            options.XmlRepository = sp.GetRequiredService<SystemDbKeyRepository>();
            if (cipher is not null)
            {
                options.XmlEncryptor = new SecretKeyXmlEncryptor(cipher);
            }
        }));
        return services;
    }

    /// <summary>
    /// EF Core on the system database, for the Api's and the Scheduler's queries: <see cref="IDbContextFactory{TContext}"/>
    /// and a scoped <see cref="SystemDbContext"/>. Never in <c>tapline</c>: EF's model building is not Native AOT-safe.
    /// </summary>
    public static IServiceCollection AddSystemDbContext(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<SystemDbContextFactory>().AsEntityFramework());
        services.AddScoped(sp => sp.GetRequiredService<SystemDbContextFactory>().CreateDbContext());
        return services;
    }
}
