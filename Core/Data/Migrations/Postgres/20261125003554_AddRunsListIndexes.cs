using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tapline.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddRunsListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_runs_queued_at",
                table: "runs",
                column: "queued_at");

            migrationBuilder.CreateIndex(
                name: "ix_runs_schedule_name_id",
                table: "runs",
                columns: new[] { "schedule_name", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_runs_queued_at",
                table: "runs");

            migrationBuilder.DropIndex(
                name: "ix_runs_schedule_name_id",
                table: "runs");
        }
    }
}
