using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tapline.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddStateHistoryActor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "actor",
                table: "state_history",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reason",
                table: "state_history",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "actor",
                table: "state_history");

            migrationBuilder.DropColumn(
                name: "reason",
                table: "state_history");
        }
    }
}
