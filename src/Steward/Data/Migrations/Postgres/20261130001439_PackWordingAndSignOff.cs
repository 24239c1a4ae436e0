using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Steward.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PackWordingAndSignOff : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IssuedPacks_OrganisationId_CommitteeId_Period_Number",
                table: "IssuedPacks");

            migrationBuilder.AddColumn<int>(
                name: "Scope",
                table: "IssuedPacks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Packs issued before: their scope is their committee, or 0 for the whole council.
            migrationBuilder.Sql("UPDATE \"IssuedPacks\" SET \"Scope\" = COALESCE(\"CommitteeId\", 0);");

            migrationBuilder.AddColumn<DateTime>(
                name: "SignedOffAt",
                table: "IssuedPacks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignedOffBy",
                table: "IssuedPacks",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PackDrafts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<int>(type: "integer", nullable: false),
                    CommitteeId = table.Column<int>(type: "integer", nullable: true),
                    Scope = table.Column<int>(type: "integer", nullable: false),
                    Quarter = table.Column<int>(type: "integer", nullable: false),
                    LeadOfficerId = table.Column<int>(type: "integer", nullable: true),
                    SignedOffById = table.Column<int>(type: "integer", nullable: true),
                    SignedOffAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SignedOffFingerprint = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PackDrafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PackDrafts_Committees_CommitteeId",
                        column: x => x.CommitteeId,
                        principalTable: "Committees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PackDrafts_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PackDrafts_People_LeadOfficerId",
                        column: x => x.LeadOfficerId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_PackDrafts_People_SignedOffById",
                        column: x => x.SignedOffById,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "PackTexts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<int>(type: "integer", nullable: false),
                    PackDraftId = table.Column<int>(type: "integer", nullable: false),
                    Field = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PackTexts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PackTexts_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PackTexts_PackDrafts_PackDraftId",
                        column: x => x.PackDraftId,
                        principalTable: "PackDrafts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IssuedPacks_OrganisationId_Scope_Period_Number",
                table: "IssuedPacks",
                columns: new[] { "OrganisationId", "Scope", "Period", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PackDrafts_CommitteeId",
                table: "PackDrafts",
                column: "CommitteeId");

            migrationBuilder.CreateIndex(
                name: "IX_PackDrafts_LeadOfficerId",
                table: "PackDrafts",
                column: "LeadOfficerId");

            migrationBuilder.CreateIndex(
                name: "IX_PackDrafts_OrganisationId_Scope_Quarter",
                table: "PackDrafts",
                columns: new[] { "OrganisationId", "Scope", "Quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PackDrafts_SignedOffById",
                table: "PackDrafts",
                column: "SignedOffById");

            migrationBuilder.CreateIndex(
                name: "IX_PackTexts_OrganisationId",
                table: "PackTexts",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_PackTexts_PackDraftId_Field",
                table: "PackTexts",
                columns: new[] { "PackDraftId", "Field" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PackTexts");

            migrationBuilder.DropTable(
                name: "PackDrafts");

            migrationBuilder.DropIndex(
                name: "IX_IssuedPacks_OrganisationId_Scope_Period_Number",
                table: "IssuedPacks");

            migrationBuilder.DropColumn(
                name: "Scope",
                table: "IssuedPacks");

            migrationBuilder.DropColumn(
                name: "SignedOffAt",
                table: "IssuedPacks");

            migrationBuilder.DropColumn(
                name: "SignedOffBy",
                table: "IssuedPacks");

            migrationBuilder.CreateIndex(
                name: "IX_IssuedPacks_OrganisationId_CommitteeId_Period_Number",
                table: "IssuedPacks",
                columns: new[] { "OrganisationId", "CommitteeId", "Period", "Number" },
                unique: true);
        }
    }
}
