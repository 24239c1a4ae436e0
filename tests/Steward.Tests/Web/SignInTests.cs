using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Demo;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

public class SignInTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private StewardWebFactory _web = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await Seeds.LoadDacorumAndNorfolkAsync(_db);
        (await StewardCli.RunAsync(_db, "user", "add", "viewer@dacorum.example", "--org", "DBC", "--role", "viewer", "--password", "correct horse battery", "--name", "Cllr Viewer")).ExitCode.ShouldBe(0);
        (await StewardCli.RunAsync(_db, "user", "add", "both@example.org", "--org", "DBC", "--role", "performance-officer", "--password", "correct horse battery")).ExitCode.ShouldBe(0);
        (await StewardCli.RunAsync(_db, "user", "add", "both@example.org", "--org", "NCC", "--role", "viewer")).ExitCode.ShouldBe(0);
        _web = new StewardWebFactory(_db);
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Pages_need_a_sign_in()
    {
        using var s = _web.Session();
        var (r, _) = await s.GetAsync("/");
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        r.Headers.Location!.ToString().ShouldContain("/sign-in");
    }

    [Fact]
    public async Task Signing_in_shows_the_organisation_and_its_indicators_with_latest_value_target_and_rag()
    {
        using var s = _web.Session();
        await s.SignInOkAsync("VIEWER@dacorum.example ", "correct horse battery");
        var (r, page) = await s.GetAsync("/");
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("header")!.TextContent.ShouldContain("Dacorum Borough Council");
        page.QuerySelector("header")!.TextContent.ShouldContain("Cllr Viewer");
        page.QuerySelector(".govuk-inset-text")!.TextContent.ShouldContain("Of the 11 targetable indicators, 7 were green and 4 were amber.");
        var row = page.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("th")!.TextContent.Contains("CSU10"));
        row.Children.Select(c => c.TextContent.Trim()).Skip(1).ShouldBe(["Q2 2017/18", "279.67 s", "210.00 s", "Amber"]);
        var hr03 = page.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("th")!.TextContent.Contains("HR03"));
        hr03.Children.Select(c => c.TextContent.Trim()).Skip(1).ShouldBe(["Q2 2017/18", "1,783.00 days", "Info only", "Not rated"]);
        page.Body!.TextContent.ShouldNotContain("My Norfolk");
    }

    [Fact]
    public async Task Viewers_see_approved_results_only()
    {
        await using (var db = _db.Open())
        {
            var org = await db.Organisations.SingleAsync(o => o.Code == "DBC");
            db.UseOrganisation(org.Id);
            var csu10 = await db.Indicators.SingleAsync(i => i.Code == "CSU10");
            db.Results.Add(new Steward.Features.Indicators.Result
            {
                IndicatorId = csu10.Id, Period = new Steward.Domain.Period(2017, 12), Value = 999m,
                Status = Steward.Domain.ApprovalStatus.Submitted,
            });
            await db.SaveChangesAsync();
        }
        using var s = _web.Session();
        await s.SignInOkAsync("viewer@dacorum.example", "correct horse battery");
        var (_, page) = await s.GetAsync("/");
        page.Body!.TextContent.ShouldNotContain("999");
        page.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("th")!.TextContent.Contains("CSU10"))
            .TextContent.ShouldContain("Q2 2017/18");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        using var s = _web.Session();
        var (r, page) = await s.SubmitAsync("/sign-in", new Dictionary<string, string> { ["email"] = "viewer@dacorum.example", ["password"] = "wrong password!" });
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Enter a correct email address and password");
        page.Title!.ShouldStartWith("Error: ");
        var (_, unknown) = await s.SubmitAsync("/sign-in", new Dictionary<string, string> { ["email"] = "nobody@dacorum.example", ["password"] = "wrong password!" });
        unknown.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Enter a correct email address and password");
    }

    [Fact]
    public async Task An_account_in_two_organisations_picks_one_and_can_switch()
    {
        using var s = _web.Session();
        var r = await s.SignInAsync("both@example.org", "correct horse battery");
        r.Headers.Location!.ToString().ShouldContain("/organisation");
        var (home, _) = await s.GetAsync("/");
        home.Headers.Location!.ToString().ShouldContain("/organisation");

        var (_, picker) = await s.GetAsync("/organisation");
        var norfolkId = picker.QuerySelectorAll("input[name=organisation]").Single(i => i.ParentElement!.TextContent.Contains("Norfolk")).GetAttribute("value")!;
        (await s.SubmitAsync("/organisation", new Dictionary<string, string> { ["organisation"] = norfolkId })).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (_, page) = await s.GetAsync("/");
        page.QuerySelector("header")!.TextContent.ShouldContain("Norfolk County Council");
        page.Body!.TextContent.ShouldContain("Number of active My Norfolk accounts");
        page.Body!.TextContent.ShouldNotContain("Call Handling");
        page.QuerySelector("header a[href='/organisation']").ShouldNotBeNull();
    }

    [Fact]
    public async Task Choosing_an_organisation_one_does_not_belong_to_is_refused()
    {
        await using (var db = _db.Open())
            await db.Organisations.SingleAsync(o => o.Code == "NCC");
        using var s = _web.Session();
        await s.SignInOkAsync("viewer@dacorum.example", "correct horse battery");
        int norfolkId;
        await using (var db = _db.Open()) norfolkId = (await db.Organisations.SingleAsync(o => o.Code == "NCC")).Id;
        var (r, page) = await s.SubmitAsync("/organisation", new Dictionary<string, string> { ["organisation"] = norfolkId.ToString() });
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector(".govuk-error-summary").ShouldNotBeNull();
        var (_, home) = await s.GetAsync("/");
        home.QuerySelector("header")!.TextContent.ShouldContain("Dacorum Borough Council");
    }

    [Fact]
    public async Task Changing_the_password_elsewhere_ends_existing_sign_ins()
    {
        using var s = _web.Session();
        await s.SignInOkAsync("viewer@dacorum.example", "correct horse battery");
        (await s.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StewardCli.RunAsync(_db, "user", "add", "viewer@dacorum.example", "--org", "DBC", "--role", "viewer", "--password", "a brand new passphrase")).ExitCode.ShouldBe(0);
        var (r, _) = await s.GetAsync("/");
        r.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        r.Headers.Location!.ToString().ShouldContain("/sign-in");
    }

    [Fact]
    public async Task Signing_out_needs_a_post()
    {
        using var s = _web.Session();
        await s.SignInOkAsync("viewer@dacorum.example", "correct horse battery");
        (await s.GetAsync("/sign-out")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await s.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await s.SubmitAsync("/sign-out", new Dictionary<string, string>())).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await s.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_rejected()
    {
        using var s = _web.Session();
        var r = await s.Client.PostAsync("/sign-in", new FormUrlEncodedContent([new("email", "viewer@dacorum.example"), new("password", "correct horse battery")]));
        r.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_pages_are_404()
    {
        using var s = _web.Session();
        await s.SignInOkAsync("viewer@dacorum.example", "correct horse battery");
        var (r, page) = await s.GetAsync("/no-such-page");
        r.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        page.QuerySelector("h1")!.TextContent.ShouldBe("Page not found");
    }

    [Fact]
    public void The_demo_password_is_at_least_15_characters() => DemoData.Password.Length.ShouldBeGreaterThanOrEqualTo(15);
}
