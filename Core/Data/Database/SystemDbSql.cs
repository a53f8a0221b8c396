using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tapline.Core.Data.Runs;

namespace Tapline.Core.Data.Database;

/// <summary>
/// Plain ADO.NET on the system database, for the statements on every CLI verb's path (a run's row,
/// its state, the stored settings). EF Core costs a short-lived process ~0.3 s of CPU before its
/// first query (model building and the JIT of its generic query pipeline, which ReadyToRun cannot
/// precompile); these statements need none of it. Values are written exactly as EF's providers store
/// them, so rows written here and rows written through <see cref="SystemDbContext"/> are the same rows.
/// </summary>
public sealed class SystemDbSql(SystemDatabaseConnection connection)
{
    /// <summary>What <see cref="SystemDbContextFactory"/>'s connections run first on SQLite: wait for a locked file, enforce keys.</summary>
    internal const string SqlitePragmas = "PRAGMA busy_timeout = 60000; PRAGMA foreign_keys = ON;";

    // EF Core's SQLite provider stores DateTime as this text, and Guid as upper-case text.
    private const string SqliteDateTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public bool IsPostgres => connection.Provider == DatabaseProvider.Postgres;

    /// <summary>An open connection; on SQLite with the pragmas every Tapline connection runs.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var raw = IsPostgres ? Postgres() : Sqlite();
        try
        {
            await raw.OpenAsync(cancellationToken);
            if (!IsPostgres)
            {
                await using var pragmas = raw.CreateCommand();
                pragmas.CommandText = SqlitePragmas;
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
            }
            return raw;
        }
        catch
        {
            await raw.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// <see cref="OpenAsync"/> for a synchronous caller (Data Protection's <c>IXmlRepository</c> is synchronous):
    /// the providers' own synchronous open, not a blocked task.
    /// </summary>
    public DbConnection Open()
    {
        var raw = IsPostgres ? Postgres() : Sqlite();
        try
        {
            raw.Open();
            if (!IsPostgres)
            {
                using var pragmas = raw.CreateCommand();
                pragmas.CommandText = SqlitePragmas;
                pragmas.ExecuteNonQuery();
            }
            return raw;
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    // Separate methods, never inlined (ReadyToRun inlines a one-liner, and the caller then names the type), so
    // that a SQLite project never loads Npgsql's assemblies, nor a PostgreSQL one SQLite's.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private DbConnection Postgres() => new NpgsqlConnection(connection.ConnectionString);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private DbConnection Sqlite() => new SqliteConnection(connection.ConnectionString);

    /// <summary>A command with named parameters (<c>@name</c> in <paramref name="sql"/>), values as <see cref="Value(object?)"/> stores them.</summary>
    public DbCommand Command(DbConnection open, string sql, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        var command = open.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = Value(value);
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>A value as the provider's EF mapping stores it (UTC times, SQLite's text times and GUIDs, lowercase enums).</summary>
    public object Value(object? value) => value switch
    {
        null => DBNull.Value,
        DateTime t when IsPostgres => Utc(t),
        DateTime t => Utc(t).ToString(SqliteDateTimeFormat, CultureInfo.InvariantCulture),
        Guid g when !IsPostgres => g.ToString().ToUpperInvariant(),
        bool b when !IsPostgres => b ? 1L : 0L,
        Enum e => e.ToString().ToLowerInvariant(),
        _ => value,
    };

    /// <summary>Reads a time column as UTC, as <see cref="UtcDateTimeConverter"/> does for EF.</summary>
    public static DateTime ReadDateTime(DbDataReader reader, int ordinal) =>
        DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static DateTime? ReadNullableDateTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadDateTime(reader, ordinal);

    public static string? ReadNullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Guid? ReadNullableGuid(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    /// <summary>Reads a lowercase enum column (<see cref="LowercaseEnumConverter{TEnum}"/>'s format).</summary>
    public static TEnum ReadEnum<TEnum>(DbDataReader reader, int ordinal) where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(reader.GetString(ordinal), ignoreCase: true);

    /// <summary>Every column of <see cref="RunRecord"/> (but the metrics summary), in the order <see cref="ReadRun"/> reads them.</summary>
    public const string RunColumns =
        "id, run_id, state_id, status, trigger, schedule_name, job_name, block, requested_by, queued_at, started_at, ended_at, " +
        "heartbeat_at, worker_id, lease_epoch, exit_codes, error, stream_counts, records, log_path, trace_parent, cancel_requested, fire_key, payload";

    /// <summary>A runs row selected with <see cref="RunColumns"/>, as EF would materialise it.</summary>
    public static RunRecord ReadRun(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        RunId = r.GetGuid(1),
        StateId = r.GetString(2),
        Status = ReadEnum<RunStatus>(r, 3),
        Trigger = ReadEnum<RunTrigger>(r, 4),
        ScheduleName = ReadNullableString(r, 5),
        JobName = ReadNullableString(r, 6),
        Block = r.GetString(7),
        RequestedBy = ReadNullableString(r, 8),
        QueuedAt = ReadDateTime(r, 9),
        StartedAt = ReadNullableDateTime(r, 10),
        EndedAt = ReadNullableDateTime(r, 11),
        HeartbeatAt = ReadNullableDateTime(r, 12),
        WorkerId = ReadNullableString(r, 13),
        LeaseEpoch = r.GetInt64(14),
        ExitCodes = ReadNullableString(r, 15),
        Error = ReadNullableString(r, 16),
        StreamCounts = ReadNullableString(r, 17),
        Records = r.GetInt64(18),
        LogPath = ReadNullableString(r, 19),
        TraceParent = ReadNullableString(r, 20),
        CancelRequested = r.GetBoolean(21),
        FireKey = ReadNullableString(r, 22),
        Payload = ReadNullableString(r, 23),
    };

    private static DateTime Utc(DateTime t) =>
        t.Kind == DateTimeKind.Utc ? t : t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
