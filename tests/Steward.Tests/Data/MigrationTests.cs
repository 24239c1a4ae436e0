using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Features.Risks;
using Steward.Tests.Support;

namespace Steward.Tests.Data;

public class MigrationTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = DatabaseTarget.Resolve(Path.Combine(Path.GetTempPath(), "never-opened.db")).Open();
        db.ShouldBeOfType<SqliteStewardDb>();
        db.Database.HasPendingModelChanges().ShouldBeFalse("run scripts/add-migration");
        db.Database.GetMigrations().ShouldNotBeEmpty();
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        // The model diff needs no server.
        using var db = DatabaseTarget.Resolve("Host=127.0.0.1;Database=never_opened;Username=x;Password=x").Open();
        db.ShouldBeOfType<PostgresStewardDb>();
        db.Database.HasPendingModelChanges().ShouldBeFalse("run scripts/add-migration");
        db.Database.GetMigrations().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task The_test_database_is_fully_migrated()
    {
        await using var test = await TestDatabase.CreateAsync();
        await using var db = test.Open();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        db.GetType().ShouldBe(TestDatabase.IsPostgres ? typeof(PostgresStewardDb) : typeof(SqliteStewardDb));
    }

    // Before QuarterEnd a review in progress wrote its scores onto the risk at once. Upgrading a database gives such a
    // risk back its signed-off position, and records for every risk when that was signed off and the score before it.
    [Fact]
    public async Task Upgrading_publishes_only_signed_off_scores_and_keeps_the_previous_one()
    {
        await using var test = await TestDatabase.CreateAsync();
        int riskId;
        await using (var db = test.Open())
        {
            var org = new Organisation { Code = "DBC", Name = "Dacorum Borough Council" };
            db.Organisations.Add(org);
            await db.SaveChangesAsync();
            db.UseOrganisation(org.Id);
            var register = new RiskRegister { Name = "Performance and Projects" };
            // PP_R04 as the old code left it: 3×4 from a submitted review, not yet signed off.
            var risk = new Risk { Code = "PP_R04", CodeKey = "PP_R04", Title = "ICT resilience", Register = register, ResidualLikelihood = 3, ResidualImpact = 4, Prospects = Prospects.Amber };
            risk.Reviews.Add(new RiskReview { ReviewDate = new DateOnly(2017, 6, 30), ResidualLikelihood = 2, ResidualImpact = 3, Status = ApprovalStatus.Approved });
            risk.Reviews.Add(new RiskReview { ReviewDate = new DateOnly(2017, 12, 31), ResidualLikelihood = 2, ResidualImpact = 4, Status = ApprovalStatus.Approved });
            risk.Reviews.Add(new RiskReview { ReviewDate = new DateOnly(2018, 1, 15), ResidualLikelihood = 3, ResidualImpact = 4, Prospects = Prospects.Amber, Status = ApprovalStatus.Submitted });
            db.Risks.Add(risk);
            // Imported with a score and never reviewed: counts as signed off the day it was created.
            db.Risks.Add(new Risk { Code = "PP_R011", CodeKey = "PP_R011", Title = "Digital Dacorum", Register = register, ResidualLikelihood = 2, ResidualImpact = 4,
                CreatedAt = new DateTime(2017, 8, 23, 17, 27, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync();
            riskId = risk.Id;
            var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
            await migrator.MigrateAsync(db.Database.GetMigrations().First()); // back to before QuarterEnd
            await migrator.MigrateAsync();
        }
        await using var check = test.Open(1);
        var upgraded = await check.Risks.SingleAsync(r => r.Id == riskId);
        (upgraded.Residual, upgraded.Prospects, upgraded.SignedOffOn).ShouldBe((new RiskScore(2, 4), (Prospects?)null, new DateOnly(2017, 12, 31)));
        (upgraded.Previous, upgraded.PreviousSignedOffOn).ShouldBe((new RiskScore(2, 3), new DateOnly(2017, 6, 30)));
        upgraded.Movement.ShouldBe(Movement.Up);
        var imported = await check.Risks.SingleAsync(r => r.Code == "PP_R011");
        (imported.SignedOffOn, imported.Previous).ShouldBe((new DateOnly(2017, 8, 23), (RiskScore?)null));
    }

    [Theory]
    [InlineData("data/steward.db", DatabaseProvider.Sqlite)]
    [InlineData("/tmp/x/council.sqlite", DatabaseProvider.Sqlite)]
    [InlineData("Host=127.0.0.1;Database=steward", DatabaseProvider.Postgres)]
    [InlineData(null, DatabaseProvider.Sqlite)]
    public void A_value_containing_equals_is_a_postgres_connection_string(string? setting, DatabaseProvider provider) =>
        DatabaseTarget.Resolve(setting).Provider.ShouldBe(provider);

    [Fact]
    public void The_default_is_data_steward_db_under_the_current_directory() =>
        DatabaseTarget.Resolve(null).SqlitePath.ShouldBe(Path.Combine(Directory.GetCurrentDirectory(), "data", "steward.db"));
}
