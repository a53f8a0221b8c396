using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tapline.Core.Data.Database;

/// <summary>
/// Several Tapline processes share one SQLite file: a writer that finds it locked waits (busy
/// timeout) instead of failing at once. WAL itself is switched on once, by the migrator.
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeoutInterceptor Instance = new();

    private const string Pragmas = SystemDbSql.SqlitePragmas;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
