using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Demo;
using Steward.Features.Indicators;
using Steward.Features.Risks;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// Whole-council figures (the overview's summary and counts, what is overdue, the dashboard's exceptions) are computed once
/// per change of the council's data and never served stale: every write of performance data moves the council's data
/// version in its own transaction, whichever app server or tool made it.
/// </summary>
public sealed class CouncilCacheTests : IAsyncLifetime
{
    private readonly SqlRecorder _recorder = new();
    private TestDatabase _db = null!;
    private StewardWebFactory _web = null!;
    private int _dacorum;
    private int _norfolk;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await DemoData.LoadIfEmptyAsync(_db.Target);
        await using var db = _db.Open();
        await db.Organisations.ExecuteUpdateAsync(o => o.SetProperty(x => x.AsAt, (DateOnly?)null));
        _dacorum = (await db.Organisations.SingleAsync(o => o.Code == "DBC")).Id;
        _norfolk = (await db.Organisations.SingleAsync(o => o.Code == "NCC")).Id;
        _web = new StewardWebFactory(_db, new FixedClock(DemoSite.Today), services => services.AddSingleton<IInterceptor>(_recorder));
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<long> DataVersionAsync()
    {
        await using var db = _db.Open();
        return (await db.Organisations.SingleAsync(o => o.Id == _dacorum)).DataVersion;
    }

    [Fact]
    public async Task Writing_results_targets_indicators_assignments_or_risks_moves_the_data_version_and_writing_risk_controls_does_not()
    {
        var version = await DataVersionAsync();
        await using (var db = _db.Open(_dacorum))
        {
            var control = await db.RiskControls.FirstAsync();
            control.Description = "Changed";
            await db.SaveChangesAsync();
        }
        (await DataVersionAsync()).ShouldBe(version);

        // A risk's position decides the corporate_risk exception of the indicators that give it assurance (ADR 29).
        await using (var db = _db.Open(_dacorum))
        {
            var risk = await db.Risks.FirstAsync();
            risk.Description = "Changed";
            await db.SaveChangesAsync();
        }
        (await DataVersionAsync()).ShouldBe(++version);

        await using (var db = _db.Open(_dacorum))
        {
            var result = await db.Results.FirstAsync();
            result.UpdaterComment = "Changed";
            await db.SaveChangesAsync();
        }
        (await DataVersionAsync()).ShouldBe(version + 1);

        using var files = new TempFiles();
        var path = files.Write("results.csv", "code,period,value\nCSU02,2018-03,99.5\n");
        var r = await StewardCli.RunAsync(_db, "import", "--org", "DBC", path);
        r.ExitCode.ShouldBe(0, r.Err);
        (await DataVersionAsync()).ShouldBeGreaterThan(version + 1);
    }

    [Fact]
    public async Task The_overview_reads_the_council_once_per_change_and_shows_a_change_made_elsewhere_at_once()
    {
        // One of Norfolk's September 2017 results has not come in.
        DuePeriod missing;
        await using (var db = _db.Open(_norfolk))
        {
            var result = await db.Results.Where(r => r.Period == new Period(2017, 9) && r.Status == ApprovalStatus.Approved).OrderBy(r => r.Id).FirstAsync();
            db.Results.Remove(result);
            await db.SaveChangesAsync();
            missing = new DuePeriod(result.IndicatorId, result.Period, default, null, true);
        }
        var session = _web.Session();
        await session.SignInOkAsync("officer@norfolk.example", DemoData.Password);
        _recorder.Clear();
        var (_, first) = await session.GetAsync("/");
        var cold = _recorder.Statements.Count;
        _recorder.Clear();
        var (_, second) = await session.GetAsync("/");
        var warm = _recorder.Statements.Count;
        warm.ShouldBeLessThan(cold, "the second overview reuses the council's figures");
        Counts(second).ShouldBe(Counts(first));
        var overdue = Overdue(first);
        overdue.ShouldBeGreaterThan(0);

        // Another app server (or the command line) submits it: the next overview counts it at once.
        await using (var db = _db.Open(_norfolk, "updater@norfolk.example"))
        {
            db.Results.Add(new Result { IndicatorId = missing.IndicatorId, Period = missing.Period, Value = 1, Status = ApprovalStatus.Submitted, SubmittedBy = "updater@norfolk.example" });
            await db.SaveChangesAsync();
        }
        var (_, after) = await session.GetAsync("/");
        Overdue(after).ShouldBe(overdue - 1);
    }

    [Fact]
    public async Task The_dashboards_exceptions_follow_results_approved_elsewhere()
    {
        var session = _web.Session();
        await session.SignInOkAsync("officer@norfolk.example", DemoData.Password);
        const string url = "/dashboard?period=2017-09&exceptions=true";
        var before = Codes((await session.GetAsync(url)).Page);
        string code;
        await using (var db = _db.Open(_norfolk))
        {
            // An indicator falls far short of its target for four months running.
            var org = await db.Organisations.SingleAsync(o => o.Id == _norfolk);
            var status = (await Performance.AtAsync(db, org, new Period(2017, 9)))
                .First(s => s.Indicator.Frequency == Frequency.Monthly && s.Targetable && !before.Contains(s.Indicator.Code));
            code = status.Indicator.Code;
            foreach (var p in Enumerable.Range(0, 4).Select(k => status.Period.Previous(Frequency.Monthly, k)))
            {
                var target = status.Series.At(p).Target ?? status.Observation.Target!.Value;
                var bad = status.Indicator.Polarity == Polarity.HigherIsBetter ? 0 : target * 10;
                var result = await db.Results.SingleOrDefaultAsync(r => r.IndicatorId == status.Indicator.Id && r.Period == p);
                if (result is null) db.Results.Add(new Result { IndicatorId = status.Indicator.Id, Period = p, Value = bad, Status = ApprovalStatus.Approved });
                else (result.Value, result.Numerator, result.Denominator, result.Status) = (bad, null, null, ApprovalStatus.Approved);
            }
            await db.SaveChangesAsync();
        }
        Codes((await session.GetAsync(url)).Page).ShouldContain(code);
    }

    private static List<string> Codes(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("tbody th a").Select(a => a.TextContent.Trim()).ToList();

    private static string Counts(AngleSharp.Html.Dom.IHtmlDocument page) =>
        string.Join("|", page.QuerySelectorAll(".steward-counts li, .govuk-inset-text").Select(e => e.TextContent.Squash()));

    private static int Overdue(AngleSharp.Html.Dom.IHtmlDocument page) =>
        int.Parse(page.QuerySelector("a[href='/overdue'] strong")!.TextContent);
}
