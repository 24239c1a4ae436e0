using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Steward.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditSubject : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "AuditLog",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            // Earlier entries about an indicator or a risk itself join its history (those about its results and reviews did not name it).
            migrationBuilder.Sql("UPDATE \"AuditLog\" SET \"Subject\" = \"EntityType\" || ':' || \"EntityId\" WHERE \"EntityType\" IN ('Indicator', 'Risk') AND \"EntityId\" IS NOT NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_OrganisationId_Subject_At",
                table: "AuditLog",
                columns: new[] { "OrganisationId", "Subject", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditLog_OrganisationId_Subject_At",
                table: "AuditLog");

            migrationBuilder.DropColumn(
                name: "Subject",
                table: "AuditLog");
        }
    }
}
