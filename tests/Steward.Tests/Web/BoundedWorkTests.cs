using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Complaints;
using Steward.Features.Demo;
using Steward.Features.Finance;
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
            await DemoGenerator.GenerateAsync(db, new GeneratorOptions(Orgs: 1, Indicators: 40, Years: Years, Risks: 40, Reviews: 4, Links: 20, Seed: 11, To,
                BudgetLines: 40, ComplaintsPerYear: 60));
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

    private sealed record Work(IReadOnlyList<string> Statements, long Rows, string Detail, IReadOnlyList<(string Statement, string Step)> Plans);

    /// <summary>Tables that grow with the council's history: every month, quarter or review adds rows to them.</summary>
    private static readonly string[] History =
    [
        "Results", "Targets", "AnnualTargets", "RiskReviews", "RiskActions", "RiskControls", "RiskAssurances", "BudgetForecasts", "ReserveForecasts",
        "SavingForecasts", "CapitalProfiles", "Complaints", "ComplaintStages", "AuditEntries", "Notices",
    ];

    private async Task<Dictionary<string, Work>> ReadAsync(WebSession session, IEnumerable<string> pages)
    {
        var work = new Dictionary<string, Work>();
        foreach (var page in pages)
        {
            (await session.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.OK, page);
            _recorder.Clear();
            var (response, _) = await session.GetAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, page);
            work[page] = new Work(_recorder.Statements, _recorder.RowsRead, _recorder.Describe(), _recorder.Plans);
        }
        return work;
    }

    [Fact]
    public async Task Pages_issue_the_same_sql_and_read_the_same_rows_when_the_history_trebles()
    {
        int indicator, risk, line, complaint;
        string committee;
        await using (var db = _db.Open(_org))
        {
            indicator = await db.Indicators.Where(i => i.Frequency == Frequency.Monthly && !i.InfoOnly).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync();
            risk = await db.Risks.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
            line = await db.BudgetLines.OrderBy(l => l.Id).Select(l => l.Id).FirstAsync();
            committee = await db.BudgetLines.OrderBy(l => l.Id).Select(l => l.Committee!.Code).FirstAsync();
            complaint = await db.Complaints.OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync();
            (await db.IndicatorBudgetLinks.CountAsync()).ShouldBeGreaterThan(0, "the dashboard weighs budget lines linked to indicators");
        }
        string[] single = [$"/indicators/{indicator}", $"/risks/{risk}", $"/finance/lines/{line}", $"/complaints/{complaint}"];
        string[] lists = ["/", "/dashboard", "/dashboard?exceptions=true", "/risks", "/risks/heatmap", "/risks/exceptions", "/risks/reviews", "/overdue", "/manage/indicators", "/committees", "/reports",
            $"/finance?committee={committee}", "/finance?committee=all", "/complaints", "/complaints/annual-report"];
        var session = _web.Session();
        await session.SignInOkAsync("admin@gen01.example", DemoData.Password);

        var before = await ReadAsync(session, [.. single, .. lists]);
        var kept = await HistoryAsync();
        await AddHistoryAsync(except: indicator, exceptRisk: risk, years: 2 * Years);
        var grown = await HistoryAsync();
        grown.ShouldBeGreaterThanOrEqualTo(kept * 3, "the council's history at least trebled");
        _recorder.RecordPlans = !TestDatabase.IsPostgres;
        var after = await ReadAsync(session, [.. single, .. lists]);

        foreach (var page in single.Concat(lists))
        {
            after[page].Statements.ShouldBe(before[page].Statements, $"{page} issues other SQL once the council has more history");
            after[page].Rows.ShouldBe(before[page].Rows, $"{page} reads rows in proportion to the council's history:\n{after[page].Detail}");
        }

        // Reading the same rows is not enough: SQLite must also find them without walking the council's history. A table
        // that grows with history is never scanned, nor searched by the organisation alone (its rows for every year).
        if (TestDatabase.IsPostgres) return;
        var walks = single.Concat(lists).SelectMany(page => after[page].Plans.Where(p => Walks(p.Statement, p.Step)).Select(p => $"{page}: {p.Step}\n  {p.Statement.ReplaceLineEndings(" ")}"))
            .Distinct().ToList();
        walks.ShouldBeEmpty("pages walk a table's history:\n" + string.Join("\n", walks));
    }

    /// <summary>
    /// Whether a plan step reads a history table's rows for the whole council: scans it, or searches it on the
    /// organisation (and at most a status) alone. Steps name a table by its alias in <paramref name="statement"/>.
    /// </summary>
    private static bool Walks(string statement, string step)
    {
        var tables = Regex.Matches(statement, "\"(\\w+)\" AS \"(\\w+)\"").DistinctBy(m => m.Groups[2].Value).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        // A lone MIN or MAX is one seek at the end of the index, however the search is written.
        if (Regex.IsMatch(statement.TrimStart(), @"^SELECT (MIN|MAX)\([^)]*\)\s+FROM")) return false;
        var m = Regex.Match(step, @"^(SCAN|SEARCH) (\w+)\b(.*)$");
        if (!m.Success || !History.Contains(tables.GetValueOrDefault(m.Groups[2].Value, m.Groups[2].Value))) return false;
        return m.Groups[1].Value == "SCAN" || Regex.IsMatch(m.Groups[3].Value, @"\(OrganisationId=\?( AND Status=\?)?\)$");
    }

    /// <summary>The council's results, targets, reviews, budget forecasts and complaints.</summary>
    private async Task<long> HistoryAsync()
    {
        await using var db = _db.Open(_org);
        return await db.Results.CountAsync() + await db.Targets.CountAsync() + await db.RiskReviews.CountAsync() + await db.BudgetForecasts.CountAsync()
            + await db.Complaints.CountAsync();
    }

    /// <summary>
    /// <paramref name="years"/> more years of approved results and targets before the first generated period for every indicator but one,
    /// a signed-off quarterly review for each of those years' quarters for every risk but one, each budget line's monthly
    /// forecasts for those years, and as many answered complaints a year as the log has.
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
        var lines = await db.BudgetLines.Select(l => l.Id).ToListAsync();
        await BulkInsert.RowsAsync(db, lines.SelectMany(l => Periods(Frequency.Monthly).Select(p => new BudgetForecast
        {
            LineId = l, Period = p, Budget = 1_000_000m, Forecast = 1_250_000m, Actual = 500_000m, Commentary = "Older pressure",
        })));
        var service = await db.Services.Select(x => x.Id).FirstAsync();
        var perYear = await db.Complaints.CountAsync() / Years;
        var old = Enumerable.Range(0, perYear * years).Select(n => (Reference: $"OLD-{n}", Received: new DateOnly(start.Year, start.Month, 1).AddDays(n * 365 / perYear))).ToList();
        await BulkInsert.RowsAsync(db, old.Select(c => new Complaint { Reference = c.Reference, ReferenceKey = c.Reference, ServiceId = service, Category = "Delay in service" }));
        var ids = await db.Complaints.Where(c => c.Reference.StartsWith("OLD-")).ToDictionaryAsync(c => c.Reference, c => c.Id);
        await BulkInsert.RowsAsync(db, old.Select(c => new ComplaintStageRecord
        {
            ComplaintId = ids[c.Reference], Stage = ComplaintStage.Stage1, Received = c.Received, Acknowledged = c.Received.AddDays(1), Responded = c.Received.AddDays(8),
            Outcome = ComplaintOutcome.NotUpheld,
        }));
        await transaction.CommitAsync();
    }
}
