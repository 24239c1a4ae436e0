using Microsoft.EntityFrameworkCore.Design;

namespace Steward.Data;

// Used only by `dotnet ef migrations add` (see scripts/add-migration): one set of migrations per provider.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteStewardDb>
{
    public SqliteStewardDb CreateDbContext(string[] args) =>
        (SqliteStewardDb)DatabaseTarget.Resolve(Path.Combine(Path.GetTempPath(), "steward-design.db")).Open();
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStewardDb>
{
    public PostgresStewardDb CreateDbContext(string[] args) =>
        (PostgresStewardDb)DatabaseTarget.Resolve("Host=127.0.0.1;Database=steward_design;Username=postgres;Password=postgres").Open();
}
