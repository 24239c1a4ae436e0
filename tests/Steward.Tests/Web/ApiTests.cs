using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Accounts;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>The JSON API: bearer tokens an administrator issues, the same permissions as the pages.</summary>
public class ApiTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    /// <summary>Issues a token through the administrator's page, as an administrator would.</summary>
    private async Task<string> IssueToken(string forEmail, string admin = "admin@dacorum.example")
    {
        var s = await _site.As(admin);
        var (_, page) = await s.GetAsync("/admin/api-tokens");
        var account = page.QuerySelectorAll("#account option").Single(o => o.TextContent.Contains($"({forEmail})")).GetAttribute("value")!;
        var (r, issued) = await s.SubmitAsync("/admin/api-tokens", new Dictionary<string, string> { ["AccountId"] = account, ["Name"] = "Power BI", ["Expiry"] = "90" }, "main form:not([action*=handler])");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        return issued.QuerySelector("code.steward-token")!.TextContent.Trim();
    }

    private HttpClient Client(string? token)
    {
        var c = _site.Web.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    [Fact]
    public async Task Without_a_valid_token_the_api_answers_401_and_cookies_do_not_count()
    {
        (await Client(null).GetAsync("/api/v1/indicators")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Client("stw_not-a-real-token").GetAsync("/api/v1/indicators")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var signedIn = await _site.As("admin@dacorum.example");
        (await signedIn.Client.GetAsync("/api/v1/indicators")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reads_projects_and_their_highlight_reports_a_page_at_a_time_approved_only_for_a_viewer()
    {
        var viewer = Client(await IssueToken("viewer@dacorum.example"));
        var first = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/projects?limit=2");
        first.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("code").GetString()).ShouldBe(["DD-01", "DD-02"]);
        var refresh = first.GetProperty("items")[0];
        refresh.GetProperty("stage").GetString().ShouldBe("delivery");
        refresh.GetProperty("latestReport").GetProperty("period").GetString().ShouldBe("2017-12");
        refresh.GetProperty("latestReport").GetProperty("overall").GetString().ShouldBe("amber");
        refresh.GetProperty("baseline").GetProperty("budget").GetDecimal().ShouldBe(640_000m);
        refresh.GetProperty("variance").GetProperty("daysLate").GetInt32().ShouldBe(59);
        var next = first.GetProperty("next").GetString()!;
        var second = await viewer.GetFromJsonAsync<JsonElement>(next);
        second.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("code").GetString()).ShouldBe(["DD-03"]);
        second.GetProperty("items")[0].GetProperty("latestReport").ValueKind.ShouldBe(JsonValueKind.Null, "its report is submitted, not approved");
        second.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/projects?stage=initiation")).GetProperty("items").GetArrayLength().ShouldBe(1);
        (await viewer.GetAsync("/api/v1/projects?stage=started")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await viewer.GetAsync("/api/v1/projects/SCSR-01")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // Norfolk's

        var reports = (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/projects/dd-01/reports?limit=1"));
        var december = reports.GetProperty("items")[0];
        december.GetProperty("ratings").GetProperty("period").GetString().ShouldBe("2017-12");
        december.GetProperty("timeReason").GetString().ShouldBe("Roll-out begins in February 2018; a third of replacements by March 2018 is at risk.");
        december.GetProperty("milestones").EnumerateArray().Select(m => $"{m.GetProperty("name").GetString()} {m.GetProperty("baseline").GetString()} {m.GetProperty("forecast").GetString()} {m.GetProperty("status").GetString()}")
            .ShouldBe(["Roll-out of the new technology begins 2017-10-31 2018-02-05 forecast-late", "One third of replacements completed 2018-03-31 2018-05-31 forecast-late"]);
        var september = (await viewer.GetFromJsonAsync<JsonElement>(reports.GetProperty("next").GetString()!)).GetProperty("items")[0];
        september.GetProperty("ratings").GetProperty("period").GetString().ShouldBe("2017-09");
        september.GetProperty("milestones")[1].GetProperty("forecast").ValueKind.ShouldBe(JsonValueKind.Null);
        september.GetProperty("milestones")[1].GetProperty("status").GetString().ShouldBe("on-track");

        // The CRM system's submitted report: the viewer does not see it; the sponsor does.
        (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/projects/DD-03/reports")).GetProperty("items").GetArrayLength().ShouldBe(0);
        var sponsor = Client(await IssueToken("approver@dacorum.example"));
        (await sponsor.GetFromJsonAsync<JsonElement>("/api/v1/projects/DD-03/reports")).GetProperty("items")[0].GetProperty("status").GetString().ShouldBe("submitted");
    }

    [Fact]
    public async Task Reads_a_committees_budget_and_the_complaints_figures()
    {
        var norfolk = Client(await IssueToken("viewer@norfolk.example", "admin@norfolk.example"));
        var budget = await norfolk.GetFromJsonAsync<JsonElement>("/api/v1/budget?committee=die&period=2017-09");
        (budget.GetProperty("financialPeriod").GetInt32(), budget.GetProperty("threshold").GetDecimal()).ShouldBe((6, 100000m));
        var technical = budget.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("line").GetString() == "Technical Programme");
        (technical.GetProperty("budget").GetDecimal(), technical.GetProperty("forecast").GetDecimal(), technical.GetProperty("variance").GetDecimal(), technical.GetProperty("passesThreshold").GetBoolean())
            .ShouldBe((1273300m, 1430300m, 157000m, true));
        budget.GetProperty("lines").EnumerateArray().Sum(l => l.GetProperty("budget").GetDecimal()).ShouldBe(15981700m);
        budget.GetProperty("reserves").EnumerateArray().Sum(r => r.GetProperty("change").GetDecimal()).ShouldBe(-987000m);
        (await norfolk.GetAsync("/api/v1/budget?committee=FROSC&period=2017-09")).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // Dacorum's
        (await norfolk.GetAsync("/api/v1/budget?committee=DIE&period=P6")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var dacorum = Client(await IssueToken("viewer@dacorum.example"));
        var q3 = await dacorum.GetFromJsonAsync<JsonElement>("/api/v1/complaints/summary?from=2017-10&to=2017-12");
        var stage1 = q3.GetProperty("answered").GetProperty("stage1");
        (stage1.GetProperty("answered").GetInt32(), stage1.GetProperty("withinTimescale").GetInt32(), stage1.GetProperty("percent").GetDecimal()).ShouldBe((81, 74, 91.36m));
        q3.GetRawText().ShouldNotContain("Example");
        (await dacorum.GetAsync("/api/v1/complaints/summary?from=2017-12&to=2017-10")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Reads_indicators_results_and_rag_for_the_tokens_organisation_only()
    {
        var api = Client(await IssueToken("viewer@dacorum.example"));
        var indicators = (await api.GetFromJsonAsync<JsonElement>("/api/v1/indicators")).GetProperty("items");
        indicators.GetArrayLength().ShouldBe(17);
        indicators[0].GetProperty("code").GetString().ShouldBe("CSU02");
        var ict01 = await api.GetFromJsonAsync<JsonElement>("/api/v1/indicators/ict01");
        ict01.GetProperty("name").GetString().ShouldBe("Percentage of incidents resolved in less than 2 days");
        ict01.GetProperty("tolerance").GetDecimal().ShouldBe(50m);
        (await api.GetAsync("/api/v1/indicators/CIL01")).StatusCode.ShouldBe(HttpStatusCode.NotFound); // Norfolk's

        var results = (await api.GetFromJsonAsync<JsonElement>("/api/v1/indicators/HR05/results?from=2017-01")).GetProperty("items");
        results.GetArrayLength().ShouldBe(2);
        results[1].GetProperty("valueText").GetString().ShouldBe("0.91");
        results[1].GetProperty("numerator").GetDecimal().ShouldBe(1783m);
        results[1].GetProperty("rag").GetString().ShouldBe("amber");

        var rag = await api.GetFromJsonAsync<JsonElement>("/api/v1/rag?period=2017-09");
        rag.GetProperty("summary").GetProperty("sentence").GetString().ShouldBe("Of the 11 targetable indicators, 7 were green and 4 were amber.");
        rag.GetProperty("indicators").GetArrayLength().ShouldBe(17);
        (await api.GetAsync("/api/v1/rag?period=Sep")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.GetAsync("/api/v1/indicators/HR05/results?status=all")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_updater_writes_results_an_approver_approves_and_viewers_may_not_write()
    {
        var updater = Client(await IssueToken("updater@dacorum.example"));
        var approver = Client(await IssueToken("approver@dacorum.example"));
        var viewer = Client(await IssueToken("viewer@dacorum.example"));

        (await viewer.PutAsJsonAsync("/api/v1/indicators/CSU10/results/2017-12", new { value = 231, submit = true })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var bad = await updater.PutAsJsonAsync("/api/v1/indicators/CSU13/results/2017-12", new { value = 5.9, numerator = 939, denominator = 16016, submit = true });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("5.9 disagrees with 939 / 16016 = 5.86");

        var put = await updater.PutAsJsonAsync("/api/v1/indicators/CSU10/results/2017-12", new { value = 231, comment = "Two new starters", submit = true });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var saved = await put.Content.ReadFromJsonAsync<JsonElement>();
        saved.GetProperty("status").GetString().ShouldBe("submitted");
        var version = saved.GetProperty("version").GetInt32();

        // Only approved results are read by default.
        (await updater.GetFromJsonAsync<JsonElement>("/api/v1/indicators/CSU10/results?from=2017-12")).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await updater.GetFromJsonAsync<JsonElement>("/api/v1/indicators/CSU10/results?from=2017-12&status=all")).GetProperty("items").GetArrayLength().ShouldBe(1);

        (await updater.PostAsJsonAsync("/api/v1/indicators/CSU10/results/2017-12/approve", new { version })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await approver.PostAsJsonAsync("/api/v1/indicators/CSU10/results/2017-12/approve", new { version = version - 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var approved = await approver.PostAsJsonAsync("/api/v1/indicators/CSU10/results/2017-12/approve", new { comment = "Agreed", version });
        approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        (await approved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("approved");

        await using var db = _site.Db.Open(_site.Dacorum);
        var audit = await db.AuditLog.Where(a => a.Label == "result CSU10 2017-12").OrderBy(a => a.Id).ToListAsync();
        audit.ShouldAllBe(a => a.Channel == "api");
        audit.Select(a => a.Actor).ShouldBe(["updater@dacorum.example", "approver@dacorum.example"]);
    }

    [Fact]
    public async Task A_token_from_one_council_never_reaches_another()
    {
        var norfolk = Client(await IssueToken("officer@norfolk.example", admin: "admin@norfolk.example"));
        var list = (await norfolk.GetFromJsonAsync<JsonElement>("/api/v1/indicators")).GetProperty("items");
        list.EnumerateArray().Select(i => i.GetProperty("code").GetString()).ShouldContain("CIL01");
        var ict01 = await norfolk.GetFromJsonAsync<JsonElement>("/api/v1/indicators/ICT01");
        ict01.GetProperty("name").GetString().ShouldBe("Abandonment Rate - % of calls abandoned on the ICT Service Desk");
        (await norfolk.GetAsync("/api/v1/indicators/CSU10")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await norfolk.PutAsJsonAsync("/api/v1/indicators/CSU10/results/2017-12", new { value = 1, submit = true })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Revoked_tokens_and_removed_roles_stop_working()
    {
        var token = await IssueToken("viewer@dacorum.example");
        var api = Client(token);
        (await api.GetAsync("/api/v1/indicators")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var m = await db.Memberships.Include(x => x.Account).SingleAsync(x => x.Account!.NormalisedEmail == "viewer@dacorum.example");
            m.Roles = Role.None;
            await db.SaveChangesAsync();
        }
        (await api.GetAsync("/api/v1/indicators")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var admin = await _site.As("admin@dacorum.example");
        var (_, page) = await admin.GetAsync("/admin/api-tokens");
        page.QuerySelector("table")!.TextContent.ShouldContain(token[..10]);
        page.Body!.TextContent.ShouldNotContain(token); // never shown again
        (await admin.SubmitAsync("/admin/api-tokens", new Dictionary<string, string>(), "form[action*=Revoke]")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await api.GetAsync("/api/v1/indicators")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await using var check = _site.Db.Open(_site.Dacorum);
        (await check.ApiTokens.SingleAsync()).Hash.ShouldNotContain(token);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_api()
    {
        var doc = await Client(null).GetFromJsonAsync<JsonElement>("/api/v1/openapi.json");
        doc.GetProperty("info").GetProperty("title").GetString().ShouldBe("Steward API");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/v1/indicators");
        paths.ShouldContain("/api/v1/indicators/{code}/results/{period}");
        paths.ShouldContain("/api/v1/rag");
        paths.ShouldContain("/api/v1/results");
        foreach (var list in new[] { "/api/v1/indicators", "/api/v1/indicators/{code}/results", "/api/v1/results", "/api/v1/risks", "/api/v1/risks/{code}/reviews", "/api/v1/rag" })
        {
            var get = doc.GetProperty("paths").GetProperty(list).GetProperty("get");
            var parameters = get.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
            parameters["limit"].GetProperty("description").GetString().ShouldBe("Rows a page: a whole number from 1 to 1000; default 100.");
            parameters.ShouldContainKey("after");
            get.GetProperty("description").GetString()!.ShouldContain("'next'");
        }
    }
}
