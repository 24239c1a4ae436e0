using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Risks;
using Steward.Tests.Support;

namespace Steward.Tests.Risks;

/// <summary>The register's filters run in SQL; they must say what the rules say, on every database.</summary>
public class RiskQueryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private int _org;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await StewardCli.RunAsync(_db, "org", "add", "NCC", "Norfolk County Council")).ExitCode.ShouldBe(0);
        await using var db = _db.Open();
        _org = (await db.Organisations.SingleAsync(o => o.Code == "NCC")).Id;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(25)]
    public async Task The_exception_filter_in_sql_is_the_exception_rule(int threshold)
    {
        // Every residual score (blank likelihood or impact included) with every prospect (blank included).
        int?[] levels = [null, 1, 2, 3, 4, 5];
        Prospects?[] prospects = [null, Prospects.Green, Prospects.Amber, Prospects.Red];
        await using (var db = _db.Open(_org))
        {
            var register = db.RiskRegisters.Add(new RiskRegister { Name = "Corporate" }).Entity;
            var n = 0;
            foreach (var l in levels)
            foreach (var i in levels)
            foreach (var p in prospects)
            {
                var code = $"R{++n:000}";
                db.Risks.Add(new Risk
                {
                    Code = code, CodeKey = code, Title = $"Risk {n}", Register = register, ResidualLikelihood = l, ResidualImpact = i, Prospects = p,
                    CreatedAt = DateTime.UtcNow,
                });
            }
            await db.SaveChangesAsync();
        }
        await using var read = _db.Open(_org);
        var all = await read.Risks.ToListAsync();
        all.Count.ShouldBe(144);
        var bySql = await read.Risks.Exceptions(threshold).Select(r => r.Code).ToListAsync();
        var byRule = all.Where(r => RiskRules.IsException(RiskScore.Of(r.ResidualLikelihood, r.ResidualImpact), r.Prospects, threshold)).Select(r => r.Code);
        bySql.Order().ShouldBe(byRule.Order());
        bySql.ShouldNotBeEmpty();
    }
}
