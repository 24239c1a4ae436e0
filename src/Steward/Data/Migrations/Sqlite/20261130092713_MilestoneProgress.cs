using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Steward.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MilestoneProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MilestoneProgress",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportId = table.Column<int>(type: "INTEGER", nullable: false),
                    MilestoneId = table.Column<int>(type: "INTEGER", nullable: false),
                    Forecast = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Actual = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MilestoneProgress", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MilestoneProgress_BaselineMilestones_MilestoneId",
                        column: x => x.MilestoneId,
                        principalTable: "BaselineMilestones",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MilestoneProgress_HighlightReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "HighlightReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MilestoneProgress_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MilestoneProgress_MilestoneId",
                table: "MilestoneProgress",
                column: "MilestoneId");

            migrationBuilder.CreateIndex(
                name: "IX_MilestoneProgress_OrganisationId",
                table: "MilestoneProgress",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_MilestoneProgress_ReportId_MilestoneId",
                table: "MilestoneProgress",
                columns: new[] { "ReportId", "MilestoneId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MilestoneProgress");
        }
    }
}
