using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// Single sign-on through a council's OpenID Connect provider (a minimal one on 127.0.0.1 standing in for Microsoft
/// Entra ID): the administrator sets it up; a person whose verified e-mail is a Steward account in that council lands
/// signed in; an unverified or unknown address is refused; roles stay in Steward.
/// </summary>
public class SsoTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    private TestOpenIdProvider _provider = null!;

    public async Task InitializeAsync()
    {
        await _site.InitializeAsync();
        _provider = await TestOpenIdProvider.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _site.DisposeAsync();
    }

    private async Task SetUpAsync(string admin = "admin@dacorum.example", TestOpenIdProvider? provider = null) => await SetUpAsync(await _site.As(admin), provider ?? _provider);

    private static async Task SetUpAsync(WebSession admin, TestOpenIdProvider provider)
    {
        var (_, people) = await admin.GetAsync("/manage/people");
        var saved = await admin.PostFormAsync("/manage/people", people, "form[action*=SingleSignOn]",
            ("Authority", provider.Issuer), ("ClientId", TestOpenIdProvider.ClientId), ("ClientSecret", TestOpenIdProvider.ClientSecret));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    /// <summary>Goes through the provider as a browser would: Steward → provider → Steward's callback → signed in. Returns Steward's last answer.</summary>
    private Task<HttpResponseMessage> SignInThroughProviderAsync(WebSession browser) => SignInThroughProviderAsync(browser, "dbc", _provider);

    private static async Task<HttpResponseMessage> SignInThroughProviderAsync(WebSession browser, string council, TestOpenIdProvider provider, string? doneInstead = null)
    {
        var (toProvider, _) = await browser.GetAsync($"/sign-in/sso/{council}");
        toProvider.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = toProvider.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Authority).ShouldBe(provider.Issuer);
        using var outside = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await outside.GetAsync(authorize);
        back.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (callback, _) = await browser.GetAsync(back.Headers.Location!.PathAndQuery);
        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect, await callback.Content.ReadAsStringAsync());
        var (done, _) = await browser.GetAsync(doneInstead ?? callback.Headers.Location!.OriginalString);
        return done;
    }

    [Fact]
    public async Task A_person_with_a_verified_address_signs_in_through_their_councils_provider()
    {
        await SetUpAsync();
        using var browser = _site.Web.Session();
        var (_, signIn) = await browser.GetAsync("/sign-in");
        signIn.QuerySelector("a[href='/sign-in/sso/dbc']")!.TextContent.ShouldContain("Dacorum Borough Council");

        _provider.Email = "Updater@Dacorum.example";
        var done = await SignInThroughProviderAsync(browser);
        done.Headers.Location!.OriginalString.ShouldBe("/");
        var (home, page) = await browser.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.QuerySelector("header")!.TextContent.ShouldContain("Demo updater");
        await using var db = _site.Db.Open();
        (await db.AuditLog.IgnoreQueryFilters().CountAsync(a => a.Action == "sso-sign-in" && a.Label == "Updater@Dacorum.example")).ShouldBe(1);
        (await db.SignInSessions.CountAsync(s => s.EndedAt == null)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task An_unverified_or_unknown_address_is_refused_and_no_one_is_signed_in()
    {
        await SetUpAsync();
        foreach (var (email, verified) in new[] { ("updater@dacorum.example", false), ("stranger@dacorum.example", true), ("admin@norfolk.example", true) })
        {
            (_provider.Email, _provider.EmailVerified) = (email, verified);
            using var browser = _site.Web.Session();
            var done = await SignInThroughProviderAsync(browser);
            done.StatusCode.ShouldBe(HttpStatusCode.OK, email);
            (await browser.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect, email);
        }
    }

    [Fact]
    public async Task Without_single_sign_on_set_up_there_is_no_way_in_by_it()
    {
        using var browser = _site.Web.Session();
        (await browser.GetAsync("/sign-in/sso/dbc")).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync("/sign-in")).Page.QuerySelector("a[href^='/sign-in/sso/']").ShouldBeNull();
    }

    [Fact]
    public async Task One_councils_provider_cannot_sign_anyone_into_another_council()
    {
        // Norfolk's administrator points Norfolk's sign-on at a provider of their own, which claims a Dacorum officer.
        await SetUpAsync();
        await using var rogue = await TestOpenIdProvider.StartAsync();
        await SetUpAsync("admin@norfolk.example", rogue);
        rogue.Email = "officer@dacorum.example";
        using var attacker = _site.Web.Session();
        var done = await SignInThroughProviderAsync(attacker, "ncc", rogue, doneInstead: "/sign-in/sso/dbc/done");
        done.Headers.Location!.OriginalString.ShouldBe("/sign-in?sso=failed");
        (await attacker.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_sign_in_through_one_councils_provider_acts_for_that_council_only()
    {
        await SetUpAsync();
        await using (var db = _site.Db.Open())
        {
            var norfolk = await db.Organisations.SingleAsync(o => o.Code == "NCC");
            await Steward.Features.Accounts.AccountManager.GrantAsync(db, "updater@dacorum.example", null, null, norfolk, Steward.Features.Accounts.Role.Administrator);
        }
        _provider.Email = "updater@dacorum.example";
        using var browser = _site.Web.Session();
        (await SignInThroughProviderAsync(browser)).Headers.Location!.OriginalString.ShouldBe("/");
        var (_, home) = await browser.GetAsync("/");
        home.QuerySelector("header")!.TextContent.ShouldContain("Dacorum Borough Council");
        home.QuerySelector("header a[href='/organisation']").ShouldBeNull();
        int norfolkId;
        await using (var db = _site.Db.Open()) norfolkId = (await db.Organisations.SingleAsync(o => o.Code == "NCC")).Id;
        var (chosen, _) = await browser.SubmitAsync("/organisation", new Dictionary<string, string> { ["organisation"] = norfolkId.ToString() });
        chosen.StatusCode.ShouldBe(HttpStatusCode.OK); // refused: Norfolk is not among this sign-in's councils
        (await browser.GetAsync("/")).Page.QuerySelector("header")!.TextContent.ShouldContain("Dacorum Borough Council");
    }
}
