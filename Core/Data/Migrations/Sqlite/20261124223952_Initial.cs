using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tapline.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    friendly_name = table.Column<string>(type: "TEXT", nullable: true),
                    xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plugin_settings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    plugin_type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    plugin_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    setting_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true),
                    encrypted = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plugin_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    run_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    state_id = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    schedule_name = table.Column<string>(type: "TEXT", nullable: true),
                    job_name = table.Column<string>(type: "TEXT", nullable: true),
                    block = table.Column<string>(type: "TEXT", nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", nullable: true),
                    queued_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ended_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    heartbeat_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    worker_id = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    exit_codes = table.Column<string>(type: "TEXT", nullable: true),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    stream_counts = table.Column<string>(type: "TEXT", nullable: true),
                    records = table.Column<long>(type: "INTEGER", nullable: false),
                    log_path = table.Column<string>(type: "TEXT", nullable: true),
                    trace_parent = table.Column<string>(type: "TEXT", nullable: true),
                    cancel_requested = table.Column<bool>(type: "INTEGER", nullable: false),
                    fire_key = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    payload = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "state",
                columns: table => new
                {
                    state_id = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    completed = table.Column<string>(type: "TEXT", nullable: true),
                    partial = table.Column<string>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_state", x => x.state_id);
                });

            migrationBuilder.CreateTable(
                name: "state_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    state_id = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    run_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    completed = table.Column<string>(type: "TEXT", nullable: true),
                    partial = table.Column<string>(type: "TEXT", nullable: true),
                    saved_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_state_history", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    token_version = table.Column<int>(type: "INTEGER", nullable: false),
                    failed_logins = table.Column<int>(type: "INTEGER", nullable: false),
                    locked_until = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    last_login_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "refresh_tokens",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    family_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    replaced_by = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_refresh_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_refresh_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_plugin_settings_plugin_type_plugin_name_setting_name",
                table: "plugin_settings",
                columns: new[] { "plugin_type", "plugin_name", "setting_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_family_id",
                table: "refresh_tokens",
                column: "family_id");

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_token_hash",
                table: "refresh_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_refresh_tokens_user_id",
                table: "refresh_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_runs_fire_key",
                table: "runs",
                column: "fire_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_runs_run_id",
                table: "runs",
                column: "run_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_runs_state_id_id",
                table: "runs",
                columns: new[] { "state_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_runs_status_id",
                table: "runs",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_runs_state_id_running",
                table: "runs",
                column: "state_id",
                unique: true,
                filter: "\"status\" = 'running'");

            migrationBuilder.CreateIndex(
                name: "ix_state_history_run_id",
                table: "state_history",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "ix_state_history_state_id_id",
                table: "state_history",
                columns: new[] { "state_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_users_name",
                table: "users",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "plugin_settings");

            migrationBuilder.DropTable(
                name: "refresh_tokens");

            migrationBuilder.DropTable(
                name: "runs");

            migrationBuilder.DropTable(
                name: "state");

            migrationBuilder.DropTable(
                name: "state_history");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
