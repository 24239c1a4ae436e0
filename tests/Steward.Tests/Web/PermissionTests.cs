using System.Net;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>Each role against each page; another organisation's ids in URLs are 404, never data.</summary>
public class PermissionTests(DemoSite site) : IClassFixture<DemoSite>
{
    private static readonly string[] Roles = ["admin", "officer", "updater", "approver", "owner", "viewer"];

    // page → the roles (by demo login) that may open it; "{id}" is Dacorum's CSU10
    public static TheoryData<string, string> Pages() => new()
    {
        { "/", "admin officer updater approver owner viewer" },
        { "/dashboard", "admin officer updater approver owner viewer" },
        { "/dashboard?period=2017-06&exceptions=true&group=service&unapproved=true", "admin officer updater approver owner viewer" },
        { "/indicators/{id}", "admin officer updater approver owner viewer" },
        { "/indicators/{id}/results/2017-12", "admin officer updater" },
        { "/my-indicators", "updater" },
        { "/approvals", "approver" },
        { "/overdue", "admin officer" },
        { "/manage", "admin officer" },
        { "/manage/indicators", "admin officer" },
        { "/manage/indicators/new", "admin officer" },
        { "/manage/indicators/{id}", "admin officer" },
        { "/manage/indicators/{id}/targets", "admin officer" },
        { "/manage/indicators/{id}/assignments", "admin officer" },
        { "/manage/settings", "admin officer" },
        { "/manage/import", "admin officer" },
        { "/manage/export", "admin officer" },
        { "/manage/export/indicators", "admin officer" },
        { "/manage/export/results", "admin officer" },
        { "/manage/export/matrix", "admin officer" },
        { "/manage/export/risks", "admin officer" },
        { "/manage/export/rag?period=2017-09", "admin officer" },
        { "/admin/api-tokens", "admin" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_role_sees_only_its_pages(string page, string allowed)
    {
        var url = page.Replace("{id}", (await site.IndicatorId(site.Dacorum, "CSU10")).ToString());
        foreach (var role in Roles)
        {
            var s = await site.As($"{role}@dacorum.example");
            var (response, _) = await s.GetAsync(url);
            var expected = allowed.Split(' ').Contains(role) ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            response.StatusCode.ShouldBe(expected, $"{role} at {url}");
        }
    }

    [Theory]
    [InlineData("/indicators/{id}")]
    [InlineData("/indicators/{id}/results/2017-09")]
    [InlineData("/manage/indicators/{id}")]
    [InlineData("/manage/indicators/{id}/targets")]
    [InlineData("/manage/indicators/{id}/assignments")]
    public async Task Another_organisations_ids_are_not_found(string page)
    {
        // Norfolk's ICT06, asked for by Dacorum's administrator (who may open every page kind).
        var url = page.Replace("{id}", (await site.IndicatorId(site.Norfolk, "ICT06")).ToString());
        var s = await site.As("admin@dacorum.example");
        var (response, body) = await s.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        body.Body!.TextContent.ShouldNotContain("Systems availability");
    }

    [Fact]
    public async Task Posting_to_another_organisations_indicator_is_not_found_and_writes_nothing()
    {
        var norfolkIct06 = await site.IndicatorId(site.Norfolk, "ICT06");
        var s = await site.As("officer@dacorum.example");
        var (_, form) = await s.GetAsync($"/indicators/{await site.IndicatorId(site.Dacorum, "CSU10")}/results/2017-12");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var r = await s.Client.PostAsync($"/indicators/{norfolkIct06}/results/2017-09", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("Value", "1"), new("action", "submit")]));
        r.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var r2 = await s.Client.PostAsync($"/manage/indicators/{norfolkIct06}?handler=Retire", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("Version", "0")]));
        r2.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await using var db = site.Db.Open(site.Norfolk);
        (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Indicators, i => i.Id == norfolkIct06)).Retired.ShouldBeFalse();
    }

    [Fact]
    public async Task A_viewer_cannot_post_a_result_or_an_action()
    {
        var csu10 = await site.IndicatorId(site.Dacorum, "CSU10");
        var s = await site.As("viewer@dacorum.example");
        var (_, card) = await s.GetAsync($"/indicators/{csu10}");
        card.QuerySelector("main form[method=post]").ShouldBeNull(); // no entry, no action forms for a viewer
        card.Body!.TextContent.ShouldNotContain("Enter or change");
        card.QuerySelector("main input[name=__RequestVerificationToken]").ShouldBeNull();
        // Even with a token from a form it may see (the header's sign-out), a viewer's post is refused.
        var (_, home) = await s.GetAsync("/sign-out");
        var anyToken = home.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var r = await s.Client.PostAsync($"/indicators/{csu10}/results/2017-12", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", anyToken), new("Value", "1"), new("action", "submit")]));
        r.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var a = await s.Client.PostAsync($"/indicators/{csu10}?handler=AddAction", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", anyToken), new("ActionDescription", "Planted")]));
        a.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_updater_only_enters_results_for_indicators_assigned_to_them()
    {
        await using (var db = site.Db.Open(site.Dacorum))
        {
            var person = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.People, p => p.Name == "Demo updater");
            var ict06 = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Indicators, i => i.Code == "ICT06");
            db.Assignments.RemoveRange(db.Assignments.Where(a => a.IndicatorId == ict06.Id && a.PersonId == person.Id));
            await db.SaveChangesAsync();
        }
        var s = await site.As("updater@dacorum.example");
        (await s.GetAsync($"/indicators/{await site.IndicatorId(site.Dacorum, "ICT06")}/results/2017-12")).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await s.GetAsync($"/indicators/{await site.IndicatorId(site.Dacorum, "ICT01")}/results/2017-12")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
