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

    private async Task SetUpAsync()
    {
        var admin = await _site.As("admin@dacorum.example");
        var (_, people) = await admin.GetAsync("/manage/people");
        var saved = await admin.PostFormAsync("/manage/people", people, "form[action*=SingleSignOn]",
            ("Authority", _provider.Issuer), ("ClientId", TestOpenIdProvider.ClientId), ("ClientSecret", TestOpenIdProvider.ClientSecret));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    /// <summary>Goes through the provider as a browser would: Steward → provider → Steward's callback → signed in. Returns Steward's last answer.</summary>
    private async Task<HttpResponseMessage> SignInThroughProviderAsync(WebSession browser)
    {
        var (toProvider, _) = await browser.GetAsync("/sign-in/sso/dbc");
        toProvider.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var authorize = toProvider.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Authority).ShouldBe(_provider.Issuer);
        using var outside = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await outside.GetAsync(authorize);
        back.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (callback, _) = await browser.GetAsync(back.Headers.Location!.PathAndQuery);
        callback.StatusCode.ShouldBe(HttpStatusCode.Redirect, await callback.Content.ReadAsStringAsync());
        var (done, _) = await browser.GetAsync(callback.Headers.Location!.OriginalString);
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
}
