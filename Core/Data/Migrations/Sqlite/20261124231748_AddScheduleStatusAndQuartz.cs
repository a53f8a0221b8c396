using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tapline.Core.Data.Migrations.Sqlite
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
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    next_fire_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_fire_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_fire_key = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    last_outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schedule_status", x => x.name);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "schedule_status");
        }
    }
}
