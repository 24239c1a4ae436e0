using Microsoft.EntityFrameworkCore.Migrations;

namespace Steward.Data.Migrations;

/// <summary>
/// Data for the QuarterEnd migration (the same SQL on SQLite and PostgreSQL). Until then a review in progress wrote its
/// scores onto the risk at once; now a risk publishes only what was signed off. So a risk with a review in progress gets
/// back the position of its latest signed-off review, and every risk with signed-off reviews records when its current
/// position was signed off and the residual score signed off at the review before (what movement compares). A risk
/// scored without any signed-off review (imported, or set by the risk team) counts as signed off the day it was
/// created, as imports now do. A risk whose only review is still in progress keeps the scores it has: what it had
/// before that review is known only to the audit log.
/// </summary>
public static class QuarterEndData
{
    private const string Approved = "'Approved'";

    private static string Latest(string column, int offset = 0) =>
        $"(SELECT v.\"{column}\" FROM \"RiskReviews\" v WHERE v.\"RiskId\" = \"Risks\".\"Id\" AND v.\"Status\" = {Approved} " +
        $"ORDER BY v.\"ReviewDate\" DESC, v.\"Id\" DESC LIMIT 1 OFFSET {offset})";

    public static void Up(MigrationBuilder migration)
    {
        var signedOff = $"EXISTS (SELECT 1 FROM \"RiskReviews\" v WHERE v.\"RiskId\" = \"Risks\".\"Id\" AND v.\"Status\" = {Approved})";
        var pending = $"EXISTS (SELECT 1 FROM \"RiskReviews\" v WHERE v.\"RiskId\" = \"Risks\".\"Id\" AND v.\"Status\" <> {Approved})";
        migration.Sql(
            $"UPDATE \"Risks\" SET \"ResidualLikelihood\" = {Latest("ResidualLikelihood")}, \"ResidualImpact\" = {Latest("ResidualImpact")}, " +
            $"\"TargetLikelihood\" = {Latest("TargetLikelihood")}, \"TargetImpact\" = {Latest("TargetImpact")}, \"Prospects\" = {Latest("Prospects")} " +
            $"WHERE {signedOff} AND {pending};");
        migration.Sql(
            $"UPDATE \"Risks\" SET \"SignedOffOn\" = {Latest("ReviewDate")}, " +
            $"\"PreviousLikelihood\" = {Latest("ResidualLikelihood", 1)}, \"PreviousImpact\" = {Latest("ResidualImpact", 1)}, " +
            $"\"PreviousSignedOffOn\" = {Latest("ReviewDate", 1)} WHERE {signedOff};");
        var createdOn = migration.ActiveProvider?.Contains("Sqlite", StringComparison.Ordinal) == true
            ? "substr(\"CreatedAt\", 1, 10)"
            : "CAST(\"CreatedAt\" AS date)";
        migration.Sql($"UPDATE \"Risks\" SET \"SignedOffOn\" = {createdOn} WHERE \"SignedOffOn\" IS NULL AND \"ResidualLikelihood\" IS NOT NULL;");
    }
}
