using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tapline.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddNotificationsAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    target = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    request = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    before = table.Column<string>(type: "TEXT", nullable: true),
                    after = table.Column<string>(type: "TEXT", nullable: true),
                    source_ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notification_config",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    yaml = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_config", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notification_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    channel_type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    event_kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    run_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    pipeline = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    ok = table.Column<bool>(type: "INTEGER", nullable: false),
                    status_code = table.Column<int>(type: "INTEGER", nullable: true),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    duration_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notification_groups",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    rule_index = table.Column<int>(type: "INTEGER", nullable: false),
                    event_kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    pipeline = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    schedule = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    job = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    last_sent_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    window_ends_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    suppressed = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_groups", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "notification_marks",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_marks", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "notification_runs",
                columns: table => new
                {
                    run_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    claimed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    claimed_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_runs", x => x.run_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_action_at",
                table: "audit_log",
                columns: new[] { "action", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_actor_at",
                table: "audit_log",
                columns: new[] { "actor", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_notification_deliveries_at",
                table: "notification_deliveries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_notification_deliveries_channel_id",
                table: "notification_deliveries",
                columns: new[] { "channel", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_notification_groups_window_ends_at",
                table: "notification_groups",
                column: "window_ends_at");

            migrationBuilder.CreateIndex(
                name: "ix_notification_runs_claimed_at",
                table: "notification_runs",
                column: "claimed_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log");

            migrationBuilder.DropTable(
                name: "notification_config");

            migrationBuilder.DropTable(
                name: "notification_deliveries");

            migrationBuilder.DropTable(
                name: "notification_groups");

            migrationBuilder.DropTable(
                name: "notification_marks");

            migrationBuilder.DropTable(
                name: "notification_runs");
        }
    }
}
