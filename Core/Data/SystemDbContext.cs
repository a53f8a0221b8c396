using System.Text;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Tapline.Core.Data.Runs;
using Tapline.Core.Data.Settings;
using Tapline.Core.Data.State;
using Tapline.Core.Data.Users;
using Tapline.Core.Notifications;
using Tapline.Core.Audit;
using Tapline.Core.Schedules;

namespace Tapline.Core.Data;

/// <summary>
/// The system database. The model is shared; each provider has a derived context
/// (<see cref="SqliteSystemDbContext"/>, <see cref="PostgresSystemDbContext"/>) so that each
/// keeps its own committed migration set. Create instances through <see cref="SystemDbContextFactory"/>.
/// </summary>
public abstract class SystemDbContext : DbContext, IDataProtectionKeyContext
{
    /// <summary>SQL filter of the partial unique index; the same text is valid on both providers.</summary>
    internal const string RunningFilter = "\"status\" = 'running'";

    protected SystemDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<RunRecord> Runs => Set<RunRecord>();
    public DbSet<StateRecord> States => Set<StateRecord>();
    public DbSet<StateHistoryRecord> StateHistory => Set<StateHistoryRecord>();
    public DbSet<PluginSettingRecord> PluginSettings => Set<PluginSettingRecord>();
    public DbSet<UserRecord> Users => Set<UserRecord>();
    public DbSet<RefreshTokenRecord> RefreshTokens => Set<RefreshTokenRecord>();
    public DbSet<LoginThrottleRecord> LoginThrottle => Set<LoginThrottleRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ScheduleStatusRecord> ScheduleStatus => Set<ScheduleStatusRecord>();
    public DbSet<NotificationDeliveryRecord> NotificationDeliveries => Set<NotificationDeliveryRecord>();
    public DbSet<NotificationMarkRecord> NotificationMarks => Set<NotificationMarkRecord>();
    public DbSet<NotificationRunClaimRecord> NotificationRuns => Set<NotificationRunClaimRecord>();
    public DbSet<NotificationGroupRecord> NotificationGroups => Set<NotificationGroupRecord>();
    public DbSet<NotificationConfigRecord> NotificationConfig => Set<NotificationConfigRecord>();
    public DbSet<AuditRecord> AuditLog => Set<AuditRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<RunStatus>().HaveConversion<LowercaseEnumConverter<RunStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<RunTrigger>().HaveConversion<LowercaseEnumConverter<RunTrigger>>().HaveMaxLength(16);
        configurationBuilder.Properties<UserRole>().HaveConversion<LowercaseEnumConverter<UserRole>>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RunRecord>(run =>
        {
            run.ToTable("runs");
            run.HasIndex(r => r.RunId).IsUnique();
            run.HasIndex(r => new { r.Status, r.Id });
            run.HasIndex(r => new { r.StateId, r.Id });
            // The Api's runs list filters by schedule and by time range, newest first (docs/api.md).
            run.HasIndex(r => new { r.ScheduleName, r.Id });
            run.HasIndex(r => r.QueuedAt);
            run.HasIndex(r => r.FireKey).IsUnique();
            // The real guard of "at most one running run per state_id": claimers race, the index decides.
            run.HasIndex(r => r.StateId).IsUnique().HasFilter(RunningFilter).HasDatabaseName("ux_runs_state_id_running");
            run.Property(r => r.StateId).HasMaxLength(512);
            run.Property(r => r.WorkerId).HasMaxLength(256);
            run.Property(r => r.FireKey).HasMaxLength(512);
        });
        modelBuilder.Entity<StateRecord>(state =>
        {
            state.ToTable("state");
            state.HasKey(s => s.StateId);
            state.Property(s => s.StateId).HasMaxLength(512);
        });
        modelBuilder.Entity<StateHistoryRecord>(history =>
        {
            history.ToTable("state_history");
            history.HasIndex(h => new { h.StateId, h.Id });
            history.HasIndex(h => h.RunId);
            history.Property(h => h.StateId).HasMaxLength(512);
            // Not [MaxLength] on the record: that attribute is not trim-safe, and the record is in every run's (AOT) path.
            history.Property(h => h.Actor).HasMaxLength(256);
            history.Property(h => h.Reason).HasMaxLength(1000);
        });
        modelBuilder.Entity<PluginSettingRecord>(setting =>
        {
            setting.ToTable("plugin_settings");
            setting.HasIndex(s => new { s.PluginType, s.PluginName, s.SettingName }).IsUnique();
            setting.Property(s => s.PluginType).HasMaxLength(64);
            setting.Property(s => s.PluginName).HasMaxLength(256);
            setting.Property(s => s.SettingName).HasMaxLength(256);
        });
        modelBuilder.Entity<UserRecord>(user =>
        {
            user.ToTable("users");
            user.HasIndex(u => u.Name).IsUnique();
            user.HasIndex(u => u.NormalizedName).IsUnique();
            user.Property(u => u.Name).HasMaxLength(256);
            user.Property(u => u.NormalizedName).HasMaxLength(256);
            user.HasMany(u => u.RefreshTokens).WithOne(t => t.User).HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RefreshTokenRecord>(token =>
        {
            token.ToTable("refresh_tokens");
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.FamilyId);
            token.Property(t => t.TokenHash).HasMaxLength(128);
        });
        modelBuilder.Entity<LoginThrottleRecord>(throttle =>
        {
            throttle.ToTable("login_throttle");
            throttle.HasKey(t => new { t.Account, t.Source });
            throttle.HasIndex(t => t.LastFailureAt);
            throttle.Property(t => t.Account).HasMaxLength(256);
            throttle.Property(t => t.Source).HasMaxLength(64);
        });
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.Entity<ScheduleStatusRecord>(status =>
        {
            status.ToTable("schedule_status");
            status.HasKey(s => s.Name);
            status.Property(s => s.Name).HasMaxLength(256);
            status.Property(s => s.LastFireKey).HasMaxLength(512);
            status.Property(s => s.LastOutcome).HasMaxLength(32);
        });
        NotificationsModel.Configure(modelBuilder);
        AuditModel.Configure(modelBuilder);

        UseSnakeCaseColumns(modelBuilder);
    }

    // Meltano's tables and hand-written SQL (claims, NOTIFY) read best in snake_case.
    private static void UseSnakeCaseColumns(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
            foreach (var key in entity.GetKeys())
            {
                key.SetName(ToSnakeCase(key.GetDefaultName() ?? key.GetName()!));
            }
            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(index.GetDatabaseName() is { } n && n.StartsWith("ux_", StringComparison.Ordinal) ? n : ToSnakeCase(index.GetDefaultDatabaseName()!));
            }
            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName(ToSnakeCase(fk.GetDefaultName()!));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
