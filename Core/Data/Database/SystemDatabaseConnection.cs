using Npgsql;
using Tapline.Core.Data.Protection;

namespace Tapline.Core.Data.Database;

/// <summary>
/// Where the system database lives: a provider and an ADO.NET connection string.
/// <see cref="Description"/> is safe to log (no password).
/// </summary>
public sealed record SystemDatabaseConnection(DatabaseProvider Provider, string ConnectionString, string Description)
{
    /// <summary>
    /// What seals this database's Data Protection key ring (<c>ui.secret_key</c>); null leaves the ring as it is
    /// written. It travels with the connection because every process that opens the database's stored secrets
    /// needs the same one.
    /// </summary>
    public DataProtectionSecrets? DataProtectionSecrets { get; init; }

    /// <summary>Meltano's default, relative to the project root.</summary>
    public const string DefaultDatabaseUri = "sqlite:///.meltano/meltano.db";

    /// <summary>
    /// Resolves the system database as the services do: <c>ConnectionStrings:systemdb</c> (an
    /// Npgsql connection string, set by Aspire) wins; else <paramref name="databaseUri"/> (the
    /// resolved <c>database_uri</c> / <c>MELTANO_DATABASE_URI</c>); else Meltano's default.
    /// </summary>
    public static SystemDatabaseConnection Resolve(string? systemDbConnectionString, string? databaseUri, string projectRoot)
    {
        if (!string.IsNullOrWhiteSpace(systemDbConnectionString))
        {
            return FromNpgsqlConnectionString(systemDbConnectionString);
        }
        return DatabaseUri.Parse(string.IsNullOrWhiteSpace(databaseUri) ? DefaultDatabaseUri : databaseUri, projectRoot);
    }

    public static SystemDatabaseConnection FromNpgsqlConnectionString(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new DatabaseUriException($"ConnectionStrings:systemdb is not a valid PostgreSQL connection string: {e.Message}", e);
        }
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new DatabaseUriException("ConnectionStrings:systemdb has no Host.");
        }
        return new SystemDatabaseConnection(DatabaseProvider.Postgres, builder.ConnectionString,
            $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}");
    }

    public override string ToString() => Description;
}
