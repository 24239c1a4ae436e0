using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Steward.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProjectRegisters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RegisterId",
                table: "Projects",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RegisterId",
                table: "Programmes",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Projects_RegisterId",
                table: "Projects",
                column: "RegisterId");

            migrationBuilder.CreateIndex(
                name: "IX_Programmes_RegisterId",
                table: "Programmes",
                column: "RegisterId");

            migrationBuilder.AddForeignKey(
                name: "FK_Programmes_RiskRegisters_RegisterId",
                table: "Programmes",
                column: "RegisterId",
                principalTable: "RiskRegisters",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Projects_RiskRegisters_RegisterId",
                table: "Projects",
                column: "RegisterId",
                principalTable: "RiskRegisters",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Programmes_RiskRegisters_RegisterId",
                table: "Programmes");

            migrationBuilder.DropForeignKey(
                name: "FK_Projects_RiskRegisters_RegisterId",
                table: "Projects");

            migrationBuilder.DropIndex(
                name: "IX_Projects_RegisterId",
                table: "Projects");

            migrationBuilder.DropIndex(
                name: "IX_Programmes_RegisterId",
                table: "Programmes");

            migrationBuilder.DropColumn(
                name: "RegisterId",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "RegisterId",
                table: "Programmes");
        }
    }
}
