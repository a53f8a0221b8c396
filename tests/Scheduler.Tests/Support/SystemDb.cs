using System.Globalization;
using Npgsql;
using Tapline.Core.Data.Database;

namespace Tapline.Scheduler.Tests.Support;

/// <summary>A fresh system database on the test PostgreSQL, and what the tests read from it.</summary>
public sealed class SystemDb
{
    public string ConnectionString { get; }

    private SystemDb(string connectionString) => ConnectionString = connectionString;

    public static async Task<SystemDb> CreateAsync()
    {
        var pg = await TestSupport.PostgresServer.GetAsync();
        // PostgresServer.CreateDatabaseAsync cuts the name to min(60, prefix + 48) characters and throws
        // when the name is shorter than that; a prefix of 24+ characters always makes it long enough.
        var db = new SystemDb(await pg.CreateDatabaseAsync("tapline_scheduler_system"));
        await SystemDatabase.MigrateAsync(SystemDatabaseConnection.FromNpgsqlConnectionString(db.ConnectionString));
        return db;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every fire of <paramref name="schedule"/> as enqueued: the fire time its key names, in order.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> FiresAsync(string schedule)
    {
        var keys = await ScalarsAsync<string>("SELECT fire_key FROM runs WHERE schedule_name = @s ORDER BY fire_key", schedule);
        return keys.Select(k => DateTimeOffset.Parse(k[(k.IndexOf('@') + 1)..], CultureInfo.InvariantCulture)).ToList();
    }

    public async Task<IReadOnlyList<T>> ScalarsAsync<T>(string sql, string? parameter = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("s", parameter);
        }
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetFieldValue<T>(0));
        }
        return list;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <paramref name="limit"/>.</summary>
    /// <summary>One value from a project's SQLite system database; null while the file or its tables do not exist yet.</summary>
    public static async Task<object?> SqliteScalarAsync(string databaseFile, string sql)
    {
        if (!File.Exists(databaseFile))
        {
            return null;
        }
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            return await command.ExecuteScalarAsync();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return null;
        }
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit, string what, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"{what} did not happen within {limit.TotalSeconds:0} s.\n{diagnostics?.Invoke()}");
    }
}
