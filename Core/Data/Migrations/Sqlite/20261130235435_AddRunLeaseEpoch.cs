using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tapline.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddRunLeaseEpoch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "lease_epoch",
                table: "runs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "lease_epoch",
                table: "runs");
        }
    }
}
