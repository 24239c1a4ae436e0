using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Demo;
using Steward.Features.Indicators;
using Steward.Features.Risks;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// Two generated councils (GEN01, GEN02: the same kinds of codes, different rows) and the web app over them, with the SQL
/// each request runs captured. GEN01 also has indicators whose codes sort differently by ordinal and by any other rule
/// ("a01" after "Z99"); GEN02 has an indicator and a risk coded ONLY-GEN02.
/// </summary>
public sealed class PagingSite : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;
    public StewardWebFactory Web { get; private set; } = null!;
    public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Logged { get; private set; } = null!;
    public SqlLog Sql { get; } = new();
    public int Gen01 { get; private set; }
    public int Gen02 { get; private set; }

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        await using (var db = Db.Open())
        {
            db.Actor = "test";
            await DemoGenerator.GenerateAsync(db, new GeneratorOptions(Orgs: 2, Indicators: 130, Years: 2, Risks: 120, Reviews: 5, Links: 10, Seed: 9,
                To: new Period(2026, 9)));
        }
        await using (var db = Db.Open())
        {
            Gen01 = (await db.Organisations.SingleAsync(o => o.Code == "GEN01")).Id;
            Gen02 = (await db.Organisations.SingleAsync(o => o.Code == "GEN02")).Id;
        }
        await using (var db = Db.Open(Gen01))
        {
            foreach (var code in new[] { "a01", "Z99", "b.2/x", "A-1" })
            {
                var indicator = db.Indicators.Add(new Indicator
                {
                    Code = code, CodeKey = Indicator.Key(code), Name = $"Hand-made {code}", Frequency = Frequency.Monthly, Unit = Unit.Number, Polarity = Polarity.HigherIsBetter,
                }).Entity;
                foreach (var month in new[] { 7, 8, 9 })
                    db.Results.Add(new Result { Indicator = indicator, Period = new Period(2026, month), Value = month, Status = ApprovalStatus.Approved });
            }
            await db.SaveChangesAsync();
        }
        await using (var db = Db.Open(Gen02))
        {
            var indicator = db.Indicators.Add(new Indicator
            {
                Code = "ONLY-GEN02", CodeKey = "ONLY-GEN02", Name = "GEN02's own", Frequency = Frequency.Monthly, Unit = Unit.Number, Polarity = Polarity.HigherIsBetter,
            }).Entity;
            db.Results.Add(new Result { Indicator = indicator, Period = new Period(2026, 9), Value = 1, Status = ApprovalStatus.Approved });
            var register = await db.RiskRegisters.FirstAsync();
            db.Risks.Add(new Risk { Code = "ONLY-GEN02", CodeKey = "ONLY-GEN02", Title = "GEN02's own risk", RegisterId = register.Id });
            await db.SaveChangesAsync();
        }
        Web = new StewardWebFactory(Db);
        Logged = Web.WithWebHostBuilder(b => b.ConfigureLogging(l => l
            .AddProvider(Sql)
            .AddFilter<SqlLog>("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information)));
    }

    public async Task DisposeAsync()
    {
        await Logged.DisposeAsync();
        await Web.DisposeAsync();
        await Db.DisposeAsync();
    }

    /// <summary>An API client with a new token for a generated login ("admin@gen01.example") in its council.</summary>
    public async Task<HttpClient> ApiAs(string email, int organisation)
    {
        await using var db = Db.Open(organisation);
        var account = await db.Accounts.SingleAsync(a => a.NormalisedEmail == email);
        var (token, hash) = ApiToken.NewToken();
        db.ApiTokens.Add(new ApiToken { AccountId = account.Id, Name = "test", Hint = token[..10], Hash = hash, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        var client = Logged.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>Collects the SQL that EF Core logs, so a test can see each page is read by a bounded query.</summary>
public sealed class SqlLog : ILoggerProvider
{
    private readonly List<string> _commands = [];

    /// <summary>The commands logged since the last <see cref="Clear"/>.</summary>
    public IReadOnlyList<string> Commands { get { lock (_commands) return [.. _commands]; } }

    public void Clear() { lock (_commands) _commands.Clear(); }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    private sealed class Logger(SqlLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name?.EndsWith("CommandExecuted", StringComparison.Ordinal) != true) return;
            lock (log._commands) log._commands.Add(formatter(state, exception));
        }
    }
}

/// <summary>
/// The API's lists page: a limit (default 100, at most 1000), an opaque cursor, a next link until the last page, a stable
/// order (codes ordinal, then periods), one council's rows only, and each page read by a query bounded by the page.
/// </summary>
public class ApiPagingTests(PagingSite site) : IClassFixture<PagingSite>
{
    /// <summary>Follows next from <paramref name="first"/> to the end; returns every item and the number of pages.</summary>
    private static async Task<(List<JsonElement> Items, int Pages)> ReadAllAsync(HttpClient api, string first, string listName = "items")
    {
        var items = new List<JsonElement>();
        var pages = 0;
        for (string? next = first; next is not null; pages++)
        {
            pages.ShouldBeLessThan(500, "the next links do not end");
            var response = await api.GetAsync(next);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            items.AddRange(page.GetProperty(listName).EnumerateArray().Select(e => e.Clone()));
            next = page.GetProperty("next").GetString();
            if (next is null) response.Headers.Contains("Link").ShouldBeFalse();
            else response.Headers.GetValues("Link").ShouldBe([$"<{next}>; rel=\"next\""]);
        }
        return (items, pages);
    }

    private static int PagesFor(int rows, int limit) => Math.Max(1, (rows + limit - 1) / limit);

    [Fact]
    public async Task The_first_page_has_the_default_limit_and_a_next_link()
    {
        var api = await site.ApiAs("viewer@gen01.example", site.Gen01);
        var response = await api.GetAsync("/api/v1/indicators");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var codes = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!).ToList();
        codes.Count.ShouldBe(100);

        await using var db = site.Db.Open(site.Gen01);
        var all = (await db.Indicators.Where(i => !i.Retired).Select(i => i.Code).ToListAsync()).Order(StringComparer.Ordinal).ToList();
        codes.ShouldBe(all.Take(100));
        var next = page.GetProperty("next").GetString()!;
        next.ShouldStartWith("/api/v1/indicators?limit=100&after=");
        response.Headers.GetValues("Link").ShouldBe([$"<{next}>; rel=\"next\""]);
    }

    [Fact]
    public async Task Following_next_reads_every_indicator_once_in_ordinal_code_order()
    {
        var api = await site.ApiAs("viewer@gen01.example", site.Gen01);
        var (items, pages) = await ReadAllAsync(api, "/api/v1/indicators?limit=7&retired=true");
        var codes = items.Select(i => i.GetProperty("code").GetString()!).ToList();

        await using var db = site.Db.Open(site.Gen01);
        var expected = (await db.Indicators.Select(i => i.Code).ToListAsync()).Order(StringComparer.Ordinal).ToList();
        codes.ShouldBe(expected);
        pages.ShouldBe(PagesFor(expected.Count, 7));
        // Ordinal: upper case before lower case, '-' and '.' before digits.
        codes.IndexOf("Z99").ShouldBeLessThan(codes.IndexOf("a01"));
        codes.IndexOf("A-1").ShouldBeLessThan(codes.IndexOf("a01"));
        codes.IndexOf("a01").ShouldBeLessThan(codes.IndexOf("b.2/x"));
    }

    [Fact]
    public async Task Following_next_reads_every_result_of_every_indicator_once_by_code_then_period()
    {
        var api = await site.ApiAs("officer@gen01.example", site.Gen01);
        var (items, pages) = await ReadAllAsync(api, "/api/v1/results?status=all&limit=333");
        var keys = items.Select(r => (Code: r.GetProperty("code").GetString()!, Period: r.GetProperty("period").GetString()!)).ToList();

        await using var db = site.Db.Open(site.Gen01);
        var expected = (await db.Results.Where(r => !r.Indicator!.Retired).Select(r => new { r.Indicator!.Code, r.Period }).ToListAsync())
            .Select(r => (r.Code, Period: r.Period.ToString()))
            .OrderBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.Period, StringComparer.Ordinal).ToList();
        expected.Count.ShouldBeGreaterThan(1000);
        keys.ShouldBe(expected);
        pages.ShouldBe(PagesFor(expected.Count, 333));

        // The filters ride along in the next links: approved results from April 2026.
        var (approved, _) = await ReadAllAsync(api, "/api/v1/results?from=2026-04&limit=50");
        var approvedCount = await db.Results.CountAsync(r => !r.Indicator!.Retired && r.Status == ApprovalStatus.Approved && r.Period >= new Period(2026, 4));
        approved.Count.ShouldBe(approvedCount);
        approved.ShouldAllBe(r => r.GetProperty("status").GetString() == "approved" && string.CompareOrdinal(r.GetProperty("period").GetString(), "2026-04") >= 0);

        // One period: a result or none per indicator, so a page spans many indicators.
        var (september, _) = await ReadAllAsync(api, "/api/v1/results?from=2026-09&to=2026-09&status=all&limit=45");
        september.Select(r => r.GetProperty("code").GetString()!).ShouldBe(
            expected.Where(r => r.Period == "2026-09").Select(r => r.Code));
    }

    [Fact]
    public async Task Following_next_reads_an_indicators_results_by_period()
    {
        var api = await site.ApiAs("officer@gen01.example", site.Gen01);
        await using var db = site.Db.Open(site.Gen01);
        var indicator = await db.Indicators.Where(i => i.Frequency == Frequency.Monthly && !i.Retired).OrderBy(i => i.Id).FirstAsync();
        var (items, pages) = await ReadAllAsync(api, $"/api/v1/indicators/{indicator.Code}/results?status=all&limit=5");
        var expected = (await db.Results.Where(r => r.IndicatorId == indicator.Id).Select(r => r.Period).ToListAsync()).Order().Select(p => p.ToString()).ToList();
        items.Select(r => r.GetProperty("period").GetString()).ShouldBe(expected);
        items.ShouldAllBe(r => r.GetProperty("code").GetString() == indicator.Code);
        pages.ShouldBe(PagesFor(expected.Count, 5));
    }

    [Fact]
    public async Task Following_next_reads_every_risk_and_every_review_once()
    {
        var api = await site.ApiAs("admin@gen01.example", site.Gen01);
        var (items, pages) = await ReadAllAsync(api, "/api/v1/risks?limit=25");
        await using var db = site.Db.Open(site.Gen01);
        var expected = (await db.Risks.Where(r => !r.Closed).Select(r => r.Code).ToListAsync()).Order(StringComparer.Ordinal).ToList();
        items.Select(r => r.GetProperty("code").GetString()).ShouldBe(expected);
        pages.ShouldBe(PagesFor(expected.Count, 25));

        var risk = await db.Risks.SingleAsync(r => r.Code == "R0007");
        var (reviews, reviewPages) = await ReadAllAsync(api, "/api/v1/risks/R0007/reviews?limit=2");
        var dates = (await db.RiskReviews.Where(r => r.RiskId == risk.Id).Select(r => r.ReviewDate).ToListAsync())
            .OrderDescending().Select(d => d.ToString("yyyy-MM-dd")).ToList();
        dates.Count.ShouldBe(5);
        reviews.Select(r => r.GetProperty("date").GetString()).ShouldBe(dates);
        reviewPages.ShouldBe(3);
    }

    [Fact]
    public async Task Rag_pages_its_indicators_and_summarises_them_all()
    {
        var api = await site.ApiAs("viewer@gen01.example", site.Gen01);
        var whole = await api.GetFromJsonAsync<JsonElement>("/api/v1/rag?period=2026-09&limit=1000");
        whole.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        var (items, pages) = await ReadAllAsync(api, "/api/v1/rag?period=2026-09&limit=40", "indicators");
        items.Select(i => i.GetRawText()).ShouldBe(whole.GetProperty("indicators").EnumerateArray().Select(i => i.GetRawText()));
        pages.ShouldBe(PagesFor(items.Count, 40));
        items.Select(i => i.GetProperty("code").GetString()!).ShouldBe(items.Select(i => i.GetProperty("code").GetString()!).Order(StringComparer.Ordinal));

        var first = await api.GetFromJsonAsync<JsonElement>("/api/v1/rag?period=2026-09&limit=40");
        first.GetProperty("summary").GetRawText().ShouldBe(whole.GetProperty("summary").GetRawText());
        first.GetProperty("summary").GetProperty("targetable").GetInt32().ShouldBeGreaterThan(40);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("1000", 1000)]
    [InlineData("999", 999)]
    public async Task A_limit_from_1_to_1000_is_the_page_size(string limit, int rows)
    {
        var api = await site.ApiAs("officer@gen01.example", site.Gen01);
        var page = await api.GetFromJsonAsync<JsonElement>($"/api/v1/results?status=all&limit={limit}");
        page.GetProperty("items").GetArrayLength().ShouldBe(rows);
        page.GetProperty("next").GetString()!.ShouldContain($"limit={limit}&");
    }

    [Theory]
    [InlineData("/api/v1/indicators?limit=0")]
    [InlineData("/api/v1/indicators?limit=1001")]
    [InlineData("/api/v1/indicators?limit=-5")]
    [InlineData("/api/v1/indicators?limit=ten")]
    [InlineData("/api/v1/indicators?limit=2.5")]
    [InlineData("/api/v1/indicators?limit=")]
    [InlineData("/api/v1/results?limit=100000")]
    [InlineData("/api/v1/indicators/a01/results?limit=0")]
    [InlineData("/api/v1/risks?limit=abc")]
    [InlineData("/api/v1/risks/R0001/reviews?limit=1001")]
    [InlineData("/api/v1/rag?period=2026-09&limit=0")]
    public async Task A_bad_limit_is_refused_with_a_problem_naming_it(string url)
    {
        var api = await site.ApiAs("admin@gen01.example", site.Gen01);
        var response = await api.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().ShouldBe("limit must be a whole number from 1 to 1000 (default 100)");
        problem.GetProperty("parameter").GetString().ShouldBe("limit");
    }

    [Theory]
    [InlineData("/api/v1/indicators?after=not-a-cursor!")]
    [InlineData("/api/v1/risks?after=")]
    [InlineData("/api/v1/results?after=SU5WQUxJRA")]
    public async Task A_bad_cursor_is_refused_with_a_problem_naming_it(string url)
    {
        var api = await site.ApiAs("admin@gen01.example", site.Gen01);
        var response = await api.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldStartWith("after must be the cursor of a next link");

        // A cursor of one list is not one of another's.
        var risks = await api.GetFromJsonAsync<JsonElement>("/api/v1/risks?limit=1");
        var cursor = risks.GetProperty("next").GetString()!.Split("after=")[1];
        (await api.GetAsync($"/api/v1/indicators?after={cursor}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Each_council_pages_through_its_own_rows_only()
    {
        foreach (var (org, email, other) in new[] { (site.Gen01, "admin@gen01.example", site.Gen02), (site.Gen02, "admin@gen02.example", site.Gen01) })
        {
            var api = await site.ApiAs(email, org);
            var (indicators, _) = await ReadAllAsync(api, "/api/v1/indicators?limit=50&retired=true");
            var (results, _) = await ReadAllAsync(api, "/api/v1/results?status=all&retired=true&limit=1000");
            var (risks, _) = await ReadAllAsync(api, "/api/v1/risks?limit=50");
            var (rag, _) = await ReadAllAsync(api, "/api/v1/rag?period=2026-09&limit=50", "indicators");

            await using var db = site.Db.Open(org);
            indicators.Count.ShouldBe(await db.Indicators.CountAsync());
            results.Count.ShouldBe(await db.Results.CountAsync());
            risks.Count.ShouldBe(await db.Risks.CountAsync(r => !r.Closed));
            rag.Select(r => r.GetProperty("code").GetString()).ShouldBeUnique();

            // The other council's own codes never appear.
            await using var theirs = site.Db.Open(other);
            var ownCodes = (await db.Indicators.Select(i => i.Code).ToListAsync()).ToHashSet();
            var theirOnly = (await theirs.Indicators.Select(i => i.Code).ToListAsync()).Where(c => !ownCodes.Contains(c)).ToList();
            theirOnly.ShouldNotBeEmpty();
            indicators.Select(i => i.GetProperty("code").GetString()).ShouldNotContain(c => theirOnly.Contains(c!));
            results.Select(i => i.GetProperty("code").GetString()).ShouldNotContain(c => theirOnly.Contains(c!));
            rag.Select(i => i.GetProperty("code").GetString()).ShouldNotContain(c => theirOnly.Contains(c!));
            var ownRisks = (await db.Risks.Select(r => r.Code).ToListAsync()).ToHashSet();
            risks.Select(r => r.GetProperty("code").GetString()).ShouldAllBe(c => ownRisks.Contains(c!));
        }
        // A code only the other council has is not found, and its reviews are not listed.
        var gen01 = await site.ApiAs("admin@gen01.example", site.Gen01);
        (await gen01.GetAsync("/api/v1/indicators/ONLY-GEN02/results")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await gen01.GetAsync("/api/v1/risks/ONLY-GEN02/reviews")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/v1/indicators?limit=10")]
    [InlineData("/api/v1/results?limit=10")]
    [InlineData("/api/v1/indicators/a01/results?limit=10")]
    [InlineData("/api/v1/risks?limit=10")]
    [InlineData("/api/v1/risks/R0001/reviews?limit=10")]
    [InlineData("/api/v1/rag?period=2026-09&limit=10")]
    public async Task Each_page_is_read_by_a_query_limited_to_the_page(string url)
    {
        var api = await site.ApiAs("admin@gen01.example", site.Gen01);
        (await api.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK); // warm up (tokens, matrix…)
        site.Sql.Clear();
        var response = await api.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var commands = site.Sql.Commands;
        // The page's own query asks for limit + 1 rows (the extra one says whether there is a next page).
        commands.ShouldContain(c => c.Contains("ORDER BY", StringComparison.Ordinal) && c.Contains("LIMIT", StringComparison.Ordinal),
            string.Join("\n----\n", commands));
    }
}
