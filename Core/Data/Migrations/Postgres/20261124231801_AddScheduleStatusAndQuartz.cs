using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Tapline.Core.Schedules;

#nullable disable

namespace Tapline.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddScheduleStatusAndQuartz : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "schedule_status",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    next_fire_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_fire_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_fire_key = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    last_outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schedule_status", x => x.name);
                });

            // Quartz's clustered job store (qrtz_*), create-only: see Core/Schedules/qrtz_tables_postgres.sql.
            foreach (var statement in QuartzSchema.PostgresStatements())
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "schedule_status");

            foreach (var table in QuartzSchema.Tables)
            {
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {table}");
            }
        }
    }
}
