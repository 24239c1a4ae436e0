using Microsoft.EntityFrameworkCore;
using Steward.Data;
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
