using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Steward.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ComplaintsLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ComplaintMaxExtensionDays",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "ComplaintResponseFromReceipt",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "ComplaintRetentionMonths",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ComplaintStage1AcknowledgeDays",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ComplaintStage1ResponseDays",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ComplaintStage2AcknowledgeDays",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ComplaintStage2ResponseDays",
                table: "Organisations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ComplaintMeasure",
                table: "Indicators",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Complaints",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReferenceKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ServiceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", nullable: true),
                    Learning = table.Column<string>(type: "TEXT", nullable: true),
                    ComplainantName = table.Column<string>(type: "TEXT", nullable: true),
                    ComplainantContact = table.Column<string>(type: "TEXT", nullable: true),
                    AnonymisedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Complaints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Complaints_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Complaints_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ComplaintSelfAssessments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Section = table.Column<int>(type: "INTEGER", nullable: false),
                    Compliant = table.Column<bool>(type: "INTEGER", nullable: true),
                    Evidence = table.Column<string>(type: "TEXT", nullable: true),
                    Commentary = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplaintSelfAssessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ComplaintSelfAssessments_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ComplaintStages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ComplaintId = table.Column<int>(type: "INTEGER", nullable: false),
                    Stage = table.Column<int>(type: "INTEGER", nullable: false),
                    Received = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Acknowledged = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Responded = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ExtensionDays = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtensionReason = table.Column<string>(type: "TEXT", nullable: true),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplaintStages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ComplaintStages_Complaints_ComplaintId",
                        column: x => x.ComplaintId,
                        principalTable: "Complaints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ComplaintStages_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_OrganisationId_ReferenceKey",
                table: "Complaints",
                columns: new[] { "OrganisationId", "ReferenceKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_ServiceId",
                table: "Complaints",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintSelfAssessments_OrganisationId_Year_Section",
                table: "ComplaintSelfAssessments",
                columns: new[] { "OrganisationId", "Year", "Section" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintStages_ComplaintId_Stage",
                table: "ComplaintStages",
                columns: new[] { "ComplaintId", "Stage" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintStages_OrganisationId_Stage_Received",
                table: "ComplaintStages",
                columns: new[] { "OrganisationId", "Stage", "Received" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintStages_OrganisationId_Stage_Responded",
                table: "ComplaintStages",
                columns: new[] { "OrganisationId", "Stage", "Responded" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComplaintSelfAssessments");

            migrationBuilder.DropTable(
                name: "ComplaintStages");

            migrationBuilder.DropTable(
                name: "Complaints");

            migrationBuilder.DropColumn(
                name: "ComplaintMaxExtensionDays",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "ComplaintResponseFromReceipt",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "ComplaintRetentionMonths",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "ComplaintStage1AcknowledgeDays",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "ComplaintStage1ResponseDays",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "ComplaintStage2AcknowledgeDays",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "ComplaintStage2ResponseDays",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "ComplaintMeasure",
                table: "Indicators");
        }
    }
}
