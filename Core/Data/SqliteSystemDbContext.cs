using Microsoft.EntityFrameworkCore;

namespace Tapline.Core.Data;

/// <summary>The system database on SQLite (Meltano's default, <c>.meltano/meltano.db</c>); owns Migrations/Sqlite.</summary>
public sealed class SqliteSystemDbContext(DbContextOptions<SqliteSystemDbContext> options) : SystemDbContext(options);
