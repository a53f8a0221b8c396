using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tapline.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddLoginThrottleAndNormalizedUserNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "normalized_name",
                table: "users",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql(Tapline.Core.Data.Users.UserNameBackfill.Sql);

            migrationBuilder.CreateTable(
                name: "login_throttle",
                columns: table => new
                {
                    account = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    last_failure_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    blocked_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_login_throttle", x => new { x.account, x.source });
                });

            migrationBuilder.CreateIndex(
                name: "ix_users_normalized_name",
                table: "users",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_login_throttle_last_failure_at",
                table: "login_throttle",
                column: "last_failure_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "login_throttle");

            migrationBuilder.DropIndex(
                name: "ix_users_normalized_name",
                table: "users");

            migrationBuilder.DropColumn(
                name: "normalized_name",
                table: "users");
        }
    }
}
