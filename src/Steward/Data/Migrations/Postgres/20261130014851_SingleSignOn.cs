using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Steward.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SingleSignOn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SsoAuthority",
                table: "Organisations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SsoClientId",
                table: "Organisations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SsoClientSecret",
                table: "Organisations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SsoVersion",
                table: "Organisations",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SsoAuthority",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "SsoClientId",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "SsoClientSecret",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "SsoVersion",
                table: "Organisations");
        }
    }
}
