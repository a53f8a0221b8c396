namespace Tapline.Scheduler.Hosting;

/// <summary>Which Quartz store runs: clustered on PostgreSQL (triggers survive restarts) or in memory (SQLite, one replica).</summary>
public sealed record QuartzStoreMode(bool Clustered);
