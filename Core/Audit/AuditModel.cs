using Microsoft.EntityFrameworkCore;

namespace Tapline.Core.Audit;

/// <summary>The <c>audit_log</c> table of the system database.</summary>
internal static class AuditModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AuditRecord>(a =>
        {
            a.ToTable("audit_log");
            a.HasIndex(x => x.At);
            a.HasIndex(x => new { x.Actor, x.At });
            a.HasIndex(x => new { x.Action, x.At });
            a.Property(x => x.Actor).HasMaxLength(256);
            a.Property(x => x.Source).HasMaxLength(16);
            a.Property(x => x.Action).HasMaxLength(128);
            a.Property(x => x.Target).HasMaxLength(1024);
            a.Property(x => x.SourceIp).HasMaxLength(64);
            a.Property(x => x.Request).HasMaxLength(1024);
            a.Property(x => x.Outcome).HasMaxLength(512);
        });
}
