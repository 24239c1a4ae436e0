using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Tests.Support;

namespace Steward.Tests.Data;

/// <summary>Several councils in one database, strictly isolated.</summary>
public class TenancyTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private int _dacorum, _norfolk;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await Seeds.LoadDacorumAndNorfolkAsync(_db);
        await using var db = _db.Open();
        _dacorum = (await db.Organisations.SingleAsync(o => o.Code == "DBC")).Id;
        _norfolk = (await db.Organisations.SingleAsync(o => o.Code == "NCC")).Id;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Every_query_sees_only_the_current_organisations_rows()
    {
        await using var db = _db.Open(_dacorum);
        (await db.Indicators.CountAsync()).ShouldBe(17);
        (await db.Indicators.Where(i => i.Code == "ICT01").Select(i => i.Name).SingleAsync()).ShouldBe("Percentage of incidents resolved in less than 2 days");
        (await db.Results.AllAsync(r => r.OrganisationId == _dacorum)).ShouldBeTrue();
        (await db.Targets.AllAsync(r => r.OrganisationId == _dacorum)).ShouldBeTrue();
        (await db.People.Select(p => p.Name).ToListAsync()).ShouldBe(["Robert Smyth"]);
        // Norfolk's rows cannot be reached by id either.
        int norfolkIct01Id;
        await using (var other = _db.Open(_norfolk))
            norfolkIct01Id = (await other.Indicators.SingleAsync(i => i.Code == "ICT01")).Id;
        (await db.Indicators.FindAsync(norfolkIct01Id)).ShouldBeNull();
        (await db.Results.AnyAsync(r => r.IndicatorId == norfolkIct01Id)).ShouldBeFalse();
    }

    [Fact]
    public async Task With_no_organisation_nothing_owned_by_one_is_visible()
    {
        await using var db = _db.Open(0);
        (await db.Indicators.CountAsync()).ShouldBe(0);
        (await db.Results.CountAsync()).ShouldBe(0);
        (await db.Organisations.CountAsync()).ShouldBe(2); // the list of organisations itself is not owned
    }

    [Fact]
    public async Task Writing_another_organisations_row_is_refused()
    {
        await using var db = _db.Open(_dacorum);
        var norfolkIndicator = await db.Indicators.IgnoreQueryFilters().FirstAsync(i => i.OrganisationId == _norfolk);
        norfolkIndicator.Name = "Hijacked";
        await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        await using var db2 = _db.Open(_dacorum);
        db2.Indicators.Add(new Indicator { OrganisationId = _norfolk, Code = "X1", CodeKey = "X1", Name = "Planted" });
        await Should.ThrowAsync<InvalidOperationException>(() => db2.SaveChangesAsync());

        await using var db3 = _db.Open(0);
        db3.Themes.Add(new Theme { Name = "Nobody's" });
        await Should.ThrowAsync<InvalidOperationException>(() => db3.SaveChangesAsync());
    }

    [Fact]
    public async Task New_rows_are_stamped_with_the_current_organisation()
    {
        await using (var db = _db.Open(_norfolk))
        {
            db.Themes.Add(new Theme { Name = "Norfolk Futures" });
            await db.SaveChangesAsync();
        }
        await using var check = _db.Open(_dacorum);
        (await check.Themes.AnyAsync(t => t.Name == "Norfolk Futures")).ShouldBeFalse();
        (await check.Themes.IgnoreQueryFilters().SingleAsync(t => t.Name == "Norfolk Futures")).OrganisationId.ShouldBe(_norfolk);
    }

    [Fact]
    public void Every_organisation_owned_entity_has_a_query_filter()
    {
        using var db = _db.Open();
        var owned = db.Model.GetEntityTypes().Where(t => typeof(IOrganisationOwned).IsAssignableFrom(t.ClrType)).ToList();
        owned.Count.ShouldBeGreaterThanOrEqualTo(7);
        owned.ShouldAllBe(t => t.GetDeclaredQueryFilters().Any());
    }

    [Fact]
    public async Task The_CLI_acts_only_for_the_organisation_it_names()
    {
        using var files = new TempFiles();
        // Updating Norfolk's ICT01 through a Dacorum import touches Dacorum's own ICT01 only.
        var f = files.Write("r.csv", "code,period,value,numerator,denominator\nICT01,2017-09,40,2,5\n");
        (await StewardCli.RunAsync(_db, "import", "--org", "DBC", f)).ExitCode.ShouldBe(0);
        var norfolk = await StewardCli.RunAsync(_db, "export", "rag", "--org", "NCC", "--period", "2017-09");
        norfolk.OutLines.Single(l => l.StartsWith("ICT01,")).ShouldStartWith("ICT01,2017-09,7.0,10.0,green");
        var dacorum = await StewardCli.RunAsync(_db, "export", "rag", "--org", "DBC", "--period", "2017-09");
        dacorum.OutLines.Single(l => l.StartsWith("ICT01,")).ShouldStartWith("ICT01,2017-09,40.00,90.00,red");
    }
}
