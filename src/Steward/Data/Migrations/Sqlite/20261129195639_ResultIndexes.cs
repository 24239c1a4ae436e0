using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Steward.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResultIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Results_OrganisationId_Period",
                table: "Results");

            migrationBuilder.CreateIndex(
                name: "IX_Results_OrganisationId_IndicatorId_Status_Period",
                table: "Results",
                columns: new[] { "OrganisationId", "IndicatorId", "Status", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_Results_OrganisationId_Status_Period",
                table: "Results",
                columns: new[] { "OrganisationId", "Status", "Period" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Results_OrganisationId_IndicatorId_Status_Period",
                table: "Results");

            migrationBuilder.DropIndex(
                name: "IX_Results_OrganisationId_Status_Period",
                table: "Results");

            migrationBuilder.CreateIndex(
                name: "IX_Results_OrganisationId_Period",
                table: "Results",
                columns: new[] { "OrganisationId", "Period" });
        }
    }
}
