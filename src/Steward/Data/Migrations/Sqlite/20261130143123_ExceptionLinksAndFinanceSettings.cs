using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Steward.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExceptionLinksAndFinanceSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Corporate",
                table: "RiskRegisters",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "BudgetVarianceThreshold",
                table: "Organisations",
                type: "TEXT",
                nullable: false,
                defaultValue: 100000m);

            migrationBuilder.AddColumn<int>(
                name: "MoneyUnit",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "IndicatorBudgetLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    IndicatorId = table.Column<int>(type: "INTEGER", nullable: false),
                    LineId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndicatorBudgetLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IndicatorBudgetLinks_BudgetLines_LineId",
                        column: x => x.LineId,
                        principalTable: "BudgetLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IndicatorBudgetLinks_Indicators_IndicatorId",
                        column: x => x.IndicatorId,
                        principalTable: "Indicators",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IndicatorBudgetLinks_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorBudgetLinks_IndicatorId_LineId",
                table: "IndicatorBudgetLinks",
                columns: new[] { "IndicatorId", "LineId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorBudgetLinks_LineId",
                table: "IndicatorBudgetLinks",
                column: "LineId");

            migrationBuilder.CreateIndex(
                name: "IX_IndicatorBudgetLinks_OrganisationId",
                table: "IndicatorBudgetLinks",
                column: "OrganisationId");
                    // The registers at the top of a council's hierarchy are its corporate register, except the registers made for
            // programmes and projects.
            migrationBuilder.Sql("""
                UPDATE "RiskRegisters" SET "Corporate" = 1
                WHERE "ParentId" IS NULL
                  AND "Id" NOT IN (SELECT "RegisterId" FROM "Programmes" WHERE "RegisterId" IS NOT NULL)
                  AND "Id" NOT IN (SELECT "RegisterId" FROM "Projects" WHERE "RegisterId" IS NOT NULL)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IndicatorBudgetLinks");

            migrationBuilder.DropColumn(
                name: "Corporate",
                table: "RiskRegisters");

            migrationBuilder.DropColumn(
                name: "BudgetVarianceThreshold",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "MoneyUnit",
                table: "Organisations");
        }
    }
}
