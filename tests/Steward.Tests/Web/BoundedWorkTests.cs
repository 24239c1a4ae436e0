using System.Net;
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
/// Pages cost what they show, not what the council has kept: a generated council's pages are read, then twice as many years
/// of history again are added before it to its other indicators and risks, and the pages are read again. The SQL each page
/// issues keeps its number and shape, and it reads the same rows back (a query that read history would read more).
/// </summary>
public sealed class BoundedWorkTests : IAsyncLifetime
{
    private static readonly Period To = new(2026, 9);
    /// <summary>Years generated: the longest window a page reads (16 annual periods on the dashboard) is already full.</summary>
    private const int Years = 16;
    private readonly SqlRecorder _recorder = new();
    private TestDatabase _db = null!;
    private StewardWebFactory _web = null!;
    private int _org;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using (var db = _db.Open())
            await DemoGenerator.GenerateAsync(db, new GeneratorOptions(Orgs: 1, Indicators: 40, Years: Years, Risks: 40, Reviews: 4, Links: 20, Seed: 11, To));
        await using (var db = _db.Open())
            _org = (await db.Organisations.SingleAsync(o => o.Code == "GEN01")).Id;
        _web = new StewardWebFactory(_db, new FixedClock(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)),
            services => services.AddSingleton<IInterceptor>(_recorder));
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _db.DisposeAsync();
    }

    private sealed record Work(IReadOnlyList<string> Statements, long Rows, string Detail);

    private async Task<Dictionary<string, Work>> ReadAsync(WebSession session, IEnumerable<string> pages)
    {
        var work = new Dictionary<string, Work>();
        foreach (var page in pages)
        {
            (await session.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.OK, page);
            _recorder.Clear();
            var (response, _) = await session.GetAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, page);
            work[page] = new Work(_recorder.Statements, _recorder.RowsRead, _recorder.Describe());
        }
        return work;
    }

    [Fact]
    public async Task Pages_issue_the_same_sql_and_read_the_same_rows_when_the_history_trebles()
    {
        int indicator, risk;
        await using (var db = _db.Open(_org))
        {
            indicator = await db.Indicators.Where(i => i.Frequency == Frequency.Monthly && !i.InfoOnly).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync();
            risk = await db.Risks.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        }
        string[] single = [$"/indicators/{indicator}", $"/risks/{risk}"];
        string[] lists = ["/", "/dashboard", "/dashboard?exceptions=true", "/risks", "/risks/heatmap", "/risks/exceptions", "/risks/reviews", "/overdue", "/manage/indicators", "/committees", "/reports"];
        var session = _web.Session();
        await session.SignInOkAsync("admin@gen01.example", DemoData.Password);

        var before = await ReadAsync(session, [.. single, .. lists]);
        var kept = await HistoryAsync();
        await AddHistoryAsync(except: indicator, exceptRisk: risk, years: 2 * Years);
        var grown = await HistoryAsync();
        grown.ShouldBeGreaterThanOrEqualTo(kept * 3, "the council's history at least trebled");
        var after = await ReadAsync(session, [.. single, .. lists]);

        foreach (var page in single.Concat(lists))
        {
            after[page].Statements.ShouldBe(before[page].Statements, $"{page} issues other SQL once the council has more history");
            after[page].Rows.ShouldBe(before[page].Rows, $"{page} reads rows in proportion to the council's history:\n{after[page].Detail}");
        }
    }

    /// <summary>The council's results, targets and reviews.</summary>
    private async Task<long> HistoryAsync()
    {
        await using var db = _db.Open(_org);
        return await db.Results.CountAsync() + await db.Targets.CountAsync() + await db.RiskReviews.CountAsync();
    }

    /// <summary>
    /// <paramref name="years"/> more years of approved results and targets before the first generated period for every indicator but one,
    /// and a signed-off quarterly review for each of those years' quarters for every risk but one.
    /// </summary>
    private async Task AddHistoryAsync(int except, int exceptRisk, int years)
    {
        await using var db = _db.Open(_org);
        await using var transaction = await db.Database.BeginTransactionAsync();
        var first = To.AddMonths(1 - 12 * Years);
        var start = first.AddMonths(-12 * years);
        var indicators = await db.Indicators.Where(i => i.Id != except).Select(i => new { i.Id, i.Frequency }).ToListAsync();
        IEnumerable<Period> Periods(Frequency f)
        {
            for (var p = start; p < first; p = p.AddMonths(1))
                if (p.Ends(f)) yield return p;
        }
        await BulkInsert.RowsAsync(db, indicators.SelectMany(i => Periods(i.Frequency).Select(p => new Result
        {
            IndicatorId = i.Id, Period = p, Value = 50, Status = ApprovalStatus.Approved, EnteredBy = "updater@gen01.example", ApprovedBy = "approver@gen01.example",
        })));
        await BulkInsert.RowsAsync(db, indicators.SelectMany(i => Periods(i.Frequency).Select(p => new Target { IndicatorId = i.Id, Period = p, Value = 55 })));
        var risks = await db.Risks.Where(r => r.Id != exceptRisk).Select(r => new { r.Id, r.RegisterId }).ToListAsync();
        var firstReview = await db.RiskReviews.MinAsync(r => r.ReviewDate);
        await BulkInsert.RowsAsync(db, risks.SelectMany(r => Enumerable.Range(1, 4 * years).Select(q => new RiskReview
        {
            RiskId = r.Id, RegisterId = r.RegisterId, ReviewDate = firstReview.AddMonths(-3 * q), ResidualLikelihood = 3, ResidualImpact = 3,
            Prospects = Prospects.Green, Status = ApprovalStatus.Approved, SubmittedBy = "owner@gen01.example", SignedOffBy = "approver@gen01.example",
        })));
        await transaction.CommitAsync();
    }
}
