using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Steward.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "AuditLog",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_OrganisationId_EntityType_EntityId_Version",
                table: "AuditLog",
                columns: new[] { "OrganisationId", "EntityType", "EntityId", "Version" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditLog_OrganisationId_EntityType_EntityId_Version",
                table: "AuditLog");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "AuditLog");
        }
    }
}
