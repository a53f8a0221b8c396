using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Tapline.Core.Data.Database;

/// <summary>Recognises "a unique index said no" on both providers: how the queue learns it lost a race.</summary>
public static class UniqueViolation
{
    private const int SqliteConstraint = 19;

    public static bool Is(Exception e) => e switch
    {
        DbUpdateException { InnerException: { } inner } => Is(inner),
        DbException db => InSql(db),
        _ => false,
    };

    /// <summary>The same test for a plain ADO.NET statement (<see cref="SystemDbSql"/>): names no EF Core type, so its callers load none.</summary>
    public static bool InSql(DbException e) => e switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint,
        _ => false,
    };
}
