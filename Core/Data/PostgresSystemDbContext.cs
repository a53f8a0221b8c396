using Microsoft.EntityFrameworkCore;

namespace Tapline.Core.Data;

/// <summary>The system database on PostgreSQL (production); owns Migrations/Postgres.</summary>
public sealed class PostgresSystemDbContext(DbContextOptions<PostgresSystemDbContext> options) : SystemDbContext(options);
