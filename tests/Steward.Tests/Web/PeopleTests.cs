using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Accounts;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>Accounts in the browser: an administrator invites, changes roles, gives password links and removes people; people manage their own account.</summary>
public class PeopleTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private static string LinkOn(AngleSharp.Html.Dom.IHtmlDocument page) =>
        new Uri(page.QuerySelector("#one-time-link code")!.TextContent.Trim()).PathAndQuery;

    private async Task<int> AccountIdAsync(string email)
    {
        await using var db = _site.Db.Open(_site.Dacorum);
        return await db.Accounts.Where(a => a.NormalisedEmail == email).Select(a => a.Id).SingleAsync();
    }

    [Fact]
    public async Task An_administrator_invites_a_person_who_sets_a_password_from_the_link_once_and_signs_in()
    {
        var admin = await _site.As("admin@dacorum.example");
        var (_, list) = await admin.GetAsync("/manage/people");
        list.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("th")!.TextContent).ShouldContain("Demo administrator");

        var invited = await PostAsync(admin, "/manage/people/invite", "main form",
            ("Email", "Fiona.Jump@dacorum.example"), ("Name", "Fiona Jump"), ("Roles", "updater"), ("Roles", "approver"));
        var page = new HtmlParser().ParseDocument(await invited.Content.ReadAsStringAsync());
        page.QuerySelector("h1")!.TextContent.ShouldBe("Fiona Jump is invited");
        var link = LinkOn(page);
        link.ShouldStartWith("/set-password?token=");

        using var fiona = _site.Web.Session();
        var (_, form) = await fiona.GetAsync(link);
        form.QuerySelector("h1")!.TextContent.ShouldBe("Create your password");
        var (weak, weakPage) = await fiona.SubmitAsync(link, new Dictionary<string, string> { ["password"] = "Password2026!", ["confirm"] = "Password2026!" });
        weak.StatusCode.ShouldBe(HttpStatusCode.OK);
        weakPage.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("attackers try first");
        var (mismatch, mismatchPage) = await fiona.SubmitAsync(link, new Dictionary<string, string> { ["password"] = "tulip ledger moorland", ["confirm"] = "tulip ledger moorlands" });
        mismatchPage.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Enter the same new password twice");
        var (set, _) = await fiona.SubmitAsync(link, new Dictionary<string, string> { ["password"] = "tulip ledger moorland", ["confirm"] = "tulip ledger moorland" });
        set.Headers.Location!.OriginalString.ShouldBe("/sign-in?set=true");
        (await fiona.GetAsync(link)).Page.QuerySelector("h1")!.TextContent.ShouldBe("This link does not work");
        await fiona.SignInOkAsync("fiona.jump@dacorum.example", "tulip ledger moorland");
        (await fiona.GetAsync("/")).Page.QuerySelector("header")!.TextContent.ShouldContain("Fiona Jump");

        await using var db = _site.Db.Open(_site.Dacorum);
        var account = await db.Accounts.Include(a => a.Memberships).SingleAsync(a => a.NormalisedEmail == "fiona.jump@dacorum.example");
        account.Memberships.Single().Roles.ShouldBe(Role.Updater | Role.Approver);
        // The work programme's Fiona Jump is now this account's person.
        (await db.People.SingleAsync(p => p.Name == "Fiona Jump")).AccountId.ShouldBe(account.Id);
        var audit = await db.AuditLog.IgnoreQueryFilters().Where(a => a.Label == "fiona.jump@dacorum.example" || a.Label == "Fiona.Jump@dacorum.example").Select(a => a.Action).ToListAsync();
        audit.ShouldContain("invitation-link-issued");
        audit.ShouldContain("password-set-from-invitation");
    }

    [Fact]
    public async Task Roles_change_together_the_last_administrator_stays_and_other_councils_accounts_are_not_found()
    {
        var admin = await _site.As("admin@dacorum.example");
        var viewerId = await AccountIdAsync("viewer@dacorum.example");
        var viewer = await _site.As("viewer@dacorum.example");
        var post = await PostRolesAsync(admin, viewerId, "viewer", "exempt-reader");
        post.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = _site.Db.Open(_site.Dacorum))
            (await db.Memberships.SingleAsync(m => m.AccountId == viewerId && m.OrganisationId == _site.Dacorum)).Roles.ShouldBe(Role.Viewer | Role.ExemptReader);
        // Their sign-ins end: they sign in again to use the new roles.
        (await viewer.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var adminId = await AccountIdAsync("admin@dacorum.example");
        var refused = await PostRolesAsync(admin, adminId, "performance-officer");
        var page = new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        page.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("at least one administrator");

        var norfolkAdmin = await _site.Fresh("admin@norfolk.example");
        (await norfolkAdmin.Client.GetAsync($"/manage/people/{viewerId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await _site.As("officer@dacorum.example")).Client.GetAsync("/manage/people")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    /// <summary>Reads the form at <paramref name="url"/> (its hidden fields) and posts it with <paramref name="fields"/>, a name given as often as it is ticked.</summary>
    private static async Task<HttpResponseMessage> PostAsync(WebSession session, string url, string formSelector, params (string Name, string Value)[] fields) =>
        await session.PostFormAsync(url, (await session.GetAsync(url)).Page, formSelector, fields);

    private static Task<HttpResponseMessage> PostRolesAsync(WebSession admin, int id, params string[] roles) =>
        PostAsync(admin, $"/manage/people/{id}", "form[action*=Roles]", roles.Select(r => ("Roles", r)).ToArray());

    [Fact]
    public async Task A_reset_link_ends_the_persons_sign_ins_and_a_removed_person_cannot_sign_in()
    {
        var admin = await _site.As("admin@dacorum.example");
        var viewer = await _site.As("viewer@dacorum.example");
        var viewerId = await AccountIdAsync("viewer@dacorum.example");
        var (_, issued) = await admin.SubmitAsync($"/manage/people/{viewerId}", new Dictionary<string, string>(), "form[action*=Link]");
        issued.QuerySelector("#one-time-link h2")!.TextContent.ShouldBe("Password reset link");
        var link = LinkOn(issued);
        using (var anon = _site.Web.Session())
            (await anon.SubmitAsync(link, new Dictionary<string, string> { ["password"] = "wobbly teapot ferns", ["confirm"] = "wobbly teapot ferns" })).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await viewer.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var again = _site.Web.Session();
        await again.SignInOkAsync("viewer@dacorum.example", "wobbly teapot ferns");

        (await admin.SubmitAsync($"/manage/people/{viewerId}", new Dictionary<string, string>(), "form[action*=Remove]")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await again.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var after = _site.Web.Session();
        var (refused, page) = await after.SubmitAsync("/sign-in", new Dictionary<string, string> { ["email"] = "viewer@dacorum.example", ["password"] = "wobbly teapot ferns" });
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector(".govuk-error-summary li")!.TextContent.Trim().ShouldBe(SignInModel.Refused);
        var (_, list) = await admin.GetAsync("/manage/people?q=viewer");
        list.QuerySelector("tbody tr")!.TextContent.ShouldContain("Deactivated");
    }

    [Fact]
    public async Task A_person_changes_their_own_password_with_the_current_one_and_their_other_sign_ins_end()
    {
        var here = await _site.As("updater@dacorum.example");
        using var elsewhere = _site.Web.Session();
        await elsewhere.SignInOkAsync("updater@dacorum.example", Steward.Features.Demo.DemoData.Password);
        var (_, account) = await here.GetAsync("/account");
        account.QuerySelectorAll("tbody tr").Count().ShouldBe(2);
        var (wrong, wrongPage) = await here.SubmitAsync("/account", new Dictionary<string, string>
            { ["current"] = "not it at all", ["password"] = "tulip ledger moorland", ["confirm"] = "tulip ledger moorland" }, "form[action*=Password]");
        wrongPage.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Enter your current password");
        var (changed, _) = await here.SubmitAsync("/account", new Dictionary<string, string>
            { ["current"] = Steward.Features.Demo.DemoData.Password, ["password"] = "tulip ledger moorland", ["confirm"] = "tulip ledger moorland" }, "form[action*=Password]");
        changed.Headers.Location!.OriginalString.ShouldBe("/account?done=password");
        (await here.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await elsewhere.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_administrator_requires_two_factor_for_everyone_and_people_set_it_up_before_anything_else()
    {
        var viewer = await _site.As("viewer@dacorum.example");
        (await viewer.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var admin = await _site.As("admin@dacorum.example");
        var saved = await PostAsync(admin, "/manage/people", "form[action*=TwoFactor]", ("requirement", "Everyone"));
        saved.Headers.Location!.OriginalString.ShouldBe("/manage/people?saved=two-factor");
        (await viewer.GetAsync("/")).Response.Headers.Location!.OriginalString.ShouldBe("/account/two-factor");
        (await viewer.GetAsync("/account/two-factor")).Page.QuerySelector(".govuk-inset-text")!.TextContent.ShouldContain("requires two-factor authentication");
        await using var db = _site.Db.Open();
        (await db.AuditLog.IgnoreQueryFilters().AnyAsync(a => a.EntityType == "Organisation" && a.Changes!.Contains("Everyone"))).ShouldBeTrue();
    }

    [Fact]
    public async Task One_councils_administrator_cannot_reset_the_password_of_someone_who_works_for_another_council()
    {
        await using (var db = _site.Db.Open())
        {
            var norfolk = await db.Organisations.SingleAsync(o => o.Code == "NCC");
            await AccountManager.GrantAsync(db, "approver@dacorum.example", null, null, norfolk, Role.Approver);
        }
        var norfolkAdmin = await _site.As("admin@norfolk.example");
        var approverId = await AccountIdAsync("approver@dacorum.example");
        var (_, page) = await norfolkAdmin.SubmitAsync($"/manage/people/{approverId}", new Dictionary<string, string>(), "form[action*=Link]");
        page.QuerySelector("#one-time-link").ShouldBeNull();
        page.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("also works for another council");
    }
}
