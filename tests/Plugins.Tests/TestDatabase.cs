using Npgsql;
using Tapline.TestSupport;

namespace Tapline.Plugins.Tests;

internal static class TestDatabase
{
    /// <summary>
    /// A fresh database on the shared test server. Created here rather than with
    /// PostgresServer.CreateDatabaseAsync, whose name slicing overruns short names on this branch.
    /// </summary>
    public static async Task<string> CreateAsync()
    {
        var pg = await PostgresServer.GetAsync();
        var name = $"plugins_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(pg.AdminConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(pg.AdminConnectionString) { Database = name }.ConnectionString;
    }
}
