using Microsoft.EntityFrameworkCore;

namespace Tapline.Core.Notifications;

/// <summary>The notification tables of the system database (kept here so the context only calls it).</summary>
internal static class NotificationsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<NotificationDeliveryRecord>(d =>
        {
            d.ToTable("notification_deliveries");
            d.HasIndex(x => x.At);
            d.HasIndex(x => new { x.Channel, x.Id });
            d.Property(x => x.Channel).HasMaxLength(256);
            d.Property(x => x.ChannelType).HasMaxLength(16);
            d.Property(x => x.EventKind).HasMaxLength(64);
            d.Property(x => x.Pipeline).HasMaxLength(512);
        });
        modelBuilder.Entity<NotificationMarkRecord>(m =>
        {
            m.ToTable("notification_marks");
            m.HasKey(x => x.Key);
            m.Property(x => x.Key).HasMaxLength(512);
        });
        modelBuilder.Entity<NotificationRunClaimRecord>(c =>
        {
            c.ToTable("notification_runs");
            c.HasKey(x => x.RunId);
            c.HasIndex(x => x.ClaimedAt);
            c.Property(x => x.ClaimedBy).HasMaxLength(256);
        });
        modelBuilder.Entity<NotificationGroupRecord>(g =>
        {
            g.ToTable("notification_groups");
            g.HasKey(x => x.Key);
            g.HasIndex(x => x.WindowEndsAt);
            g.Property(x => x.Key).HasMaxLength(1024);
            g.Property(x => x.EventKind).HasMaxLength(64);
            g.Property(x => x.Pipeline).HasMaxLength(512);
            g.Property(x => x.Schedule).HasMaxLength(256);
            g.Property(x => x.Job).HasMaxLength(256);
        });
        modelBuilder.Entity<NotificationConfigRecord>(c =>
        {
            c.ToTable("notification_config");
            c.HasKey(x => x.Id);
            c.Property(x => x.Id).ValueGeneratedNever();
        });
    }
}
