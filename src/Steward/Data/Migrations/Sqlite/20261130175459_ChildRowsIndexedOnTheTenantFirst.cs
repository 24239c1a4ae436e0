using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Steward.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChildRowsIndexedOnTheTenantFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Targets_OrganisationId",
                table: "Targets");

            migrationBuilder.DropIndex(
                name: "IX_SavingForecasts_OrganisationId",
                table: "SavingForecasts");

            migrationBuilder.DropIndex(
                name: "IX_RiskReviews_OrganisationId",
                table: "RiskReviews");

            migrationBuilder.DropIndex(
                name: "IX_RiskControls_OrganisationId",
                table: "RiskControls");

            migrationBuilder.DropIndex(
                name: "IX_RiskAssurances_OrganisationId",
                table: "RiskAssurances");

            migrationBuilder.DropIndex(
                name: "IX_RiskActions_OrganisationId",
                table: "RiskActions");

            migrationBuilder.DropIndex(
                name: "IX_IndicatorBudgetLinks_OrganisationId",
                table: "IndicatorBudgetLinks");

            migrationBuilder.DropIndex(
                name: "IX_ComplaintStages_OrganisationId_Stage_Received",
                table: "ComplaintStages");

            migrationBuilder.DropIndex(
                name: "IX_ComplaintStages_OrganisationId_Stage_Responded",
                table: "ComplaintStages");

            migrationBuilder.DropIndex(
                name: "IX_CapitalProfiles_OrganisationId",
                table: "CapitalProfiles");

            migrationBuilder.DropIndex(
                name: "IX_AnnualTargets_OrganisationId",
                table: "AnnualTargets");

            migrationBuilder.CreateIndex(
                name: "IX_Targets_OrganisationId_IndicatorId_Period",
                table: "Targets",
                columns: new[] { "OrganisationId", "IndicatorId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_SavingForecasts_OrganisationId_SavingId_Period",
                table: "SavingForecasts",
                columns: new[] { "OrganisationId", "SavingId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_RiskReviews_OrganisationId_RiskId_ReviewDate",
                table: "RiskReviews",
                columns: new[] { "OrganisationId", "RiskId", "ReviewDate" });

            migrationBuilder.CreateIndex(
                name: "IX_RiskControls_OrganisationId_RiskId",
                table: "RiskControls",
                columns: new[] { "OrganisationId", "RiskId" });

            migrationBuilder.CreateIndex(
                name: "IX_RiskAssurances_OrganisationId_IndicatorId",
                table: "RiskAssurances",
                columns: new[] { "OrganisationId", "IndicatorId" });

            migrationBuilder.CreateIndex(
                name: "IX_RiskAssurances_OrganisationId_RiskId",
                table: "RiskAssurances",
                columns: new[] { "OrganisationId", "RiskId" });

            migrationBuilder.CreateIndex(
                name: "IX_RiskActions_OrganisationId_RiskId",
                table: "RiskActions",
                columns: new[] { "OrganisationId", "RiskId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReserveForecasts_OrganisationId_ReserveId_Period",
                table: "ReserveForecasts",
                columns: new[] { "OrganisationId", "ReserveId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorBudgetLinks_OrganisationId_IndicatorId",
                table: "IndicatorBudgetLinks",
                columns: new[] { "OrganisationId", "IndicatorId" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintStages_OrganisationId_ComplaintId",
                table: "ComplaintStages",
                columns: new[] { "OrganisationId", "ComplaintId" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintStages_OrganisationId_Received",
                table: "ComplaintStages",
                columns: new[] { "OrganisationId", "Received" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintStages_OrganisationId_Responded",
                table: "ComplaintStages",
                columns: new[] { "OrganisationId", "Responded" });

            migrationBuilder.CreateIndex(
                name: "IX_CapitalProfiles_OrganisationId_SchemeId_Year",
                table: "CapitalProfiles",
                columns: new[] { "OrganisationId", "SchemeId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_BudgetForecasts_OrganisationId_LineId_Period",
                table: "BudgetForecasts",
                columns: new[] { "OrganisationId", "LineId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_AnnualTargets_OrganisationId_IndicatorId_FinancialYear",
                table: "AnnualTargets",
                columns: new[] { "OrganisationId", "IndicatorId", "FinancialYear" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Targets_OrganisationId_IndicatorId_Period",
                table: "Targets");

            migrationBuilder.DropIndex(
                name: "IX_SavingForecasts_OrganisationId_SavingId_Period",
                table: "SavingForecasts");

            migrationBuilder.DropIndex(
                name: "IX_RiskReviews_OrganisationId_RiskId_ReviewDate",
                table: "RiskReviews");

            migrationBuilder.DropIndex(
                name: "IX_RiskControls_OrganisationId_RiskId",
                table: "RiskControls");

            migrationBuilder.DropIndex(
                name: "IX_RiskAssurances_OrganisationId_IndicatorId",
                table: "RiskAssurances");

            migrationBuilder.DropIndex(
                name: "IX_RiskAssurances_OrganisationId_RiskId",
                table: "RiskAssurances");

            migrationBuilder.DropIndex(
                name: "IX_RiskActions_OrganisationId_RiskId",
                table: "RiskActions");

            migrationBuilder.DropIndex(
                name: "IX_ReserveForecasts_OrganisationId_ReserveId_Period",
                table: "ReserveForecasts");

            migrationBuilder.DropIndex(
                name: "IX_IndicatorBudgetLinks_OrganisationId_IndicatorId",
                table: "IndicatorBudgetLinks");

            migrationBuilder.DropIndex(
                name: "IX_ComplaintStages_OrganisationId_ComplaintId",
                table: "ComplaintStages");

            migrationBuilder.DropIndex(
                name: "IX_ComplaintStages_OrganisationId_Received",
                table: "ComplaintStages");

            migrationBuilder.DropIndex(
                name: "IX_ComplaintStages_OrganisationId_Responded",
                table: "ComplaintStages");

            migrationBuilder.DropIndex(
                name: "IX_CapitalProfiles_OrganisationId_SchemeId_Year",
                table: "CapitalProfiles");

            migrationBuilder.DropIndex(
                name: "IX_BudgetForecasts_OrganisationId_LineId_Period",
                table: "BudgetForecasts");

            migrationBuilder.DropIndex(
                name: "IX_AnnualTargets_OrganisationId_IndicatorId_FinancialYear",
                table: "AnnualTargets");

            migrationBuilder.CreateIndex(
                name: "IX_Targets_OrganisationId",
                table: "Targets",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_SavingForecasts_OrganisationId",
                table: "SavingForecasts",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_RiskReviews_OrganisationId",
                table: "RiskReviews",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_RiskControls_OrganisationId",
                table: "RiskControls",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_RiskAssurances_OrganisationId",
                table: "RiskAssurances",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_RiskActions_OrganisationId",
                table: "RiskActions",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorBudgetLinks_OrganisationId",
                table: "IndicatorBudgetLinks",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintStages_OrganisationId_Stage_Received",
                table: "ComplaintStages",
                columns: new[] { "OrganisationId", "Stage", "Received" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintStages_OrganisationId_Stage_Responded",
                table: "ComplaintStages",
                columns: new[] { "OrganisationId", "Stage", "Responded" });

            migrationBuilder.CreateIndex(
                name: "IX_CapitalProfiles_OrganisationId",
                table: "CapitalProfiles",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_AnnualTargets_OrganisationId",
                table: "AnnualTargets",
                column: "OrganisationId");
        }
    }
}
