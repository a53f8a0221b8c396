using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Tapline.Core.Data;

/// <summary>
/// Every time in the system DB is UTC. SQLite hands DateTimes back as Unspecified and Npgsql
/// refuses non-UTC values for timestamptz; this keeps both honest.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
