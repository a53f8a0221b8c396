using Tapline.Core.Data.Database;

namespace Tapline.Api.Database;

/// <summary>
/// The system database as the Api opens it: <c>ConnectionStrings:systemdb</c> (Aspire) wins,
/// else <c>database_uri</c> (<c>MELTANO_DATABASE_URI</c>), else Meltano's SQLite default under the project.
/// </summary>
public static class ApiDatabase
{
    public static SystemDatabaseConnection Resolve(IConfiguration configuration, string? databaseUri, string projectRoot) =>
        SystemDatabaseConnection.Resolve(configuration.GetConnectionString("systemdb"), databaseUri, projectRoot);
}
