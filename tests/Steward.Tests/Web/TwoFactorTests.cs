using System.Net;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Steward.Features.Accounts;
using Steward.Features.Demo;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// Two-factor authentication with an authenticator app (RFC 6238) and recovery codes: Dacorum's demo rule that
/// administrators must use it, set up at their first sign-in; codes accepted once; administrators reset a lost one.
/// </summary>
public class TwoFactorTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();

    public async Task InitializeAsync()
    {
        await _site.InitializeAsync();
        await using var db = _site.Db.Open();
        await db.Organisations.Where(o => o.Code == "DBC").ExecuteUpdateAsync(o => o.SetProperty(x => x.TwoFactor, TwoFactorRequirement.Administrators));
    }

    public Task DisposeAsync() => _site.DisposeAsync();

    private DateTime Now => _site.Clock.GetUtcNow().UtcDateTime;
    private static string Code(string key, DateTime at) => new Totp(Base32Encoding.ToBytes(key.Replace(" ", ""))).ComputeTotp(at);

    // RFC 6238, appendix B (SHA-1), read as the 6 digits authenticator apps show.
    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    public void Codes_are_those_of_rfc_6238(long unixSeconds, string code)
    {
        var secret = Base32Encoding.ToString("12345678901234567890"u8.ToArray());
        var at = DateTime.UnixEpoch.AddSeconds(unixSeconds);
        TwoFactor.Match(secret, code, at).ShouldNotBeNull();
        TwoFactor.Match(secret, code, at.AddSeconds(90)).ShouldBeNull(); // three steps later: too late
        TwoFactor.Match(secret, "12345", at).ShouldBeNull();
    }

    [Theory]
    [InlineData(Role.Administrator, TwoFactorRequirement.Administrators, true)]
    [InlineData(Role.PerformanceOfficer, TwoFactorRequirement.Administrators, false)]
    [InlineData(Role.Viewer, TwoFactorRequirement.Everyone, true)]
    [InlineData(Role.Administrator, TwoFactorRequirement.NoOne, false)]
    [InlineData(Role.None, TwoFactorRequirement.Everyone, false)]
    public void Who_must_use_a_second_factor(Role roles, TwoFactorRequirement rule, bool required) => TwoFactor.Required(roles, rule).ShouldBe(required);

    /// <summary>Sets up the second factor from the page it is sent to; returns the key and the recovery codes.</summary>
    private async Task<(string Key, List<string> Codes)> SetUpAsync(WebSession s)
    {
        var (_, setup) = await s.GetAsync("/account/two-factor");
        var key = setup.QuerySelector("#totp-key")!.TextContent;
        setup.QuerySelector(".steward-qr svg").ShouldNotBeNull();
        // The form read with the key (reading the page again would give a new key).
        var turnedOn = await s.PostFormAsync("/account/two-factor", setup, "form[action*=TurnOn]", ("code", Code(key, Now)));
        turnedOn.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await turnedOn.Content.ReadAsStringAsync());
        var codes = page.QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent).ToList();
        codes.Count.ShouldBe(TwoFactor.RecoveryCodeCount);
        return (key, codes);
    }

    private async Task<(HttpResponseMessage Response, string Error)> CodeAsync(WebSession s, string code)
    {
        var (r, page) = await s.SubmitAsync("/sign-in/code", new Dictionary<string, string> { ["code"] = code });
        return (r, page.QuerySelector(".govuk-error-summary li")?.TextContent.Trim() ?? "");
    }

    [Fact]
    public async Task An_administrator_sets_it_up_at_first_sign_in_then_signs_in_with_a_code_each_accepted_once()
    {
        using var admin = _site.Web.Session();
        await admin.SignInOkAsync("admin@dacorum.example", DemoData.Password);
        var (home, _) = await admin.GetAsync("/dashboard");
        home.Headers.Location!.OriginalString.ShouldBe("/account/two-factor");
        var (key, recovery) = await SetUpAsync(admin);
        (await admin.GetAsync("/dashboard")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);

        // Signing in again: the password, then the code. The code just used to set it up is not accepted twice.
        using var again = _site.Web.Session();
        var password = await again.SignInAsync("admin@dacorum.example", DemoData.Password);
        password.Headers.Location!.OriginalString.ShouldBe("/sign-in/code");
        (await again.GetAsync("/")).Response.Headers.Location!.OriginalString.ShouldContain("/sign-in");
        (await CodeAsync(again, "000000")).Error.ShouldBe(SignInCodeModel.Refused);
        (await CodeAsync(again, Code(key, Now))).Error.ShouldBe(SignInCodeModel.Refused);
        var (accepted, _) = await CodeAsync(again, Code(key, Now.AddSeconds(30)));
        accepted.Headers.Location!.OriginalString.ShouldBe("/");
        (await again.GetAsync("/dashboard")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);

        // A recovery code signs in once.
        foreach (var expected in new[] { HttpStatusCode.Redirect, HttpStatusCode.OK })
        {
            using var lost = _site.Web.Session();
            await lost.SignInAsync("admin@dacorum.example", DemoData.Password);
            (await CodeAsync(lost, recovery[3].ToUpperInvariant())).Response.StatusCode.ShouldBe(expected);
        }
        await using var db = _site.Db.Open();
        var audit = await db.AuditLog.IgnoreQueryFilters().Where(a => a.Label == "admin@dacorum.example").Select(a => a.Action).ToListAsync();
        audit.ShouldContain("two-factor-on");
        audit.Count(a => a == "sign-in-code-failed").ShouldBe(3);
        (await db.Accounts.SingleAsync(a => a.NormalisedEmail == "admin@dacorum.example")).TotpSecret!.ShouldNotContain(key.Replace(" ", ""));
    }

    [Fact]
    public async Task Someone_not_required_may_turn_it_on_and_off_and_an_administrator_resets_a_lost_one()
    {
        var viewer = await _site.As("viewer@dacorum.example");
        (await viewer.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (key, _) = await SetUpAsync(viewer);
        var (_, settings) = await viewer.GetAsync("/account/two-factor");
        settings.QuerySelector("button[formaction*=TurnOff]").ShouldNotBeNull();
        settings.Body!.TextContent.ShouldContain("10 recovery codes left");
        // New recovery codes need the current password: a session alone is not enough.
        var refused = await viewer.PostFormAsync("/account/two-factor?handler=RecoveryCodes", settings, "main form", ("Current", "not the password"));
        var refusedPage = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync());
        refusedPage.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Enter your current password");
        refusedPage.QuerySelector("#recovery-codes").ShouldBeNull();

        // Lost phone: the administrator (who must use it too) resets the viewer's.
        using var admin = _site.Web.Session();
        await admin.SignInOkAsync("admin@dacorum.example", DemoData.Password);
        await SetUpAsync(admin);
        int viewerId;
        await using (var db = _site.Db.Open()) viewerId = await db.Accounts.Where(a => a.NormalisedEmail == "viewer@dacorum.example").Select(a => a.Id).SingleAsync();
        (await admin.SubmitAsync($"/manage/people/{viewerId}", new Dictionary<string, string>(), "form[action*=ResetTwoFactor]")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await viewer.GetAsync("/")).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        using var back = _site.Web.Session();
        (await back.SignInAsync("viewer@dacorum.example", DemoData.Password)).Headers.Location!.OriginalString.ShouldBe("/");
        key.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task The_code_step_needs_the_right_password_first_and_expires()
    {
        using var s = _site.Web.Session();
        (await s.GetAsync("/sign-in/code")).Response.Headers.Location!.OriginalString.ShouldBe("/sign-in");
        (await s.Client.GetAsync("/account/two-factor")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Wrong_codes_slow_the_address_down_and_signing_in_again_with_the_password_does_not_start_the_count_afresh()
    {
        using var admin = _site.Web.Session();
        await admin.SignInOkAsync("admin@dacorum.example", DemoData.Password);
        var (key, _) = await SetUpAsync(admin);
        for (var round = 0; round < 2; round++)
        {
            using var guesser = _site.Web.Session();
            (await guesser.SignInAsync("admin@dacorum.example", DemoData.Password)).Headers.Location!.OriginalString.ShouldBe("/sign-in/code");
            for (var i = 0; i < 3; i++) (await CodeAsync(guesser, $"{i}{i}{i}{i}{i}{i}")).Error.ShouldBe(SignInCodeModel.Refused);
        }
        // Six wrong codes over two password sign-ins: codes now wait, even the right one, unchecked.
        using var late = _site.Web.Session();
        (await late.SignInAsync("admin@dacorum.example", DemoData.Password)).Headers.Location!.OriginalString.ShouldBe("/sign-in/code");
        (await CodeAsync(late, Code(key, Now))).Error.ShouldBe(SignInCodeModel.Refused);
        _site.Clock.Now = _site.Clock.Now.AddMinutes(2);
        (await CodeAsync(late, Code(key, Now))).Response.Headers.Location!.OriginalString.ShouldBe("/");
    }
}
