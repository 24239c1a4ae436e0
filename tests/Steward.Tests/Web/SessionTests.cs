using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Accounts;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// Sign-in sessions ended on the server (signing out, idle, absolute limit, deactivation) and sign-in throttling that
/// says nothing about which addresses have accounts: every refusal reads the same and checks one password hash.
/// </summary>
public class SessionTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private TestDatabase _db = null!;
    private StewardWebFactory _web = null!;
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await Seeds.LoadDacorumAndNorfolkAsync(_db);
        (await StewardCli.RunAsync(_db, "user", "add", "viewer@dacorum.example", "--org", "DBC", "--role", "viewer", "--password", Password, "--name", "Cllr Viewer")).ExitCode.ShouldBe(0);
        _web = new StewardWebFactory(_db, _clock);
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<(HttpResponseMessage Response, string Error)> SignInAsync(string email, string password)
    {
        using var s = _web.Session();
        var (r, page) = await s.SubmitAsync("/sign-in", new Dictionary<string, string> { ["email"] = email, ["password"] = password });
        return (r, page.QuerySelector(".govuk-error-summary li")?.TextContent.Trim() ?? "");
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(6, 1)]
    [InlineData(7, 2)]
    [InlineData(9, 8)]
    [InlineData(10, 15)]
    [InlineData(40, 15)]
    public void An_address_waits_after_five_failures_one_minute_doubling_to_fifteen(int failures, int minutes) =>
        ThrottleRule.Email.WaitAfter(failures).ShouldBe(TimeSpan.FromMinutes(minutes));

    [Fact]
    public void A_client_address_shared_by_a_council_gets_twenty_failures_before_it_waits()
    {
        ThrottleRule.Address.WaitAfter(20).ShouldBe(TimeSpan.Zero);
        ThrottleRule.Address.WaitAfter(21).ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData(0, 0, false, true)]
    [InlineData(59, 0, false, true)]
    [InlineData(60, 0, false, false)]    // an hour without a request
    [InlineData(719, 718, false, true)]
    [InlineData(720, 719, false, false)] // twelve hours since signing in, however busy
    [InlineData(1, 0, true, false)]      // signed out
    public void A_session_lives_until_idle_for_an_hour_twelve_hours_old_or_ended(int minutesSinceStart, int minutesToLastSeen, bool ended, bool live)
    {
        var start = new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);
        SessionPolicy.Default.IsLive(start, start.AddMinutes(minutesToLastSeen), ended ? start : null, start.AddMinutes(minutesSinceStart)).ShouldBe(live);
    }

    [Fact]
    public async Task Unknown_addresses_wrong_passwords_and_waits_read_the_same_and_check_one_password_each()
    {
        var (_, unknown) = await SignInAsync("nobody@dacorum.example", "wrong password!");
        var (_, wrong) = await SignInAsync("viewer@dacorum.example", "wrong password!");
        unknown.ShouldBe(SignInModel.Refused);
        wrong.ShouldBe(SignInModel.Refused);
        for (var i = 0; i < 5; i++) await SignInAsync("viewer@dacorum.example", "wrong password " + i);
        var (waitingResponse, waiting) = await SignInAsync("viewer@dacorum.example", Password);
        waitingResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        waiting.ShouldBe(SignInModel.Refused);

        // The same work on each path: one password hash checked, whether the address is known, wrong or waiting.
        await using var db = _db.Open();
        var account = await db.Accounts.SingleAsync(a => a.NormalisedEmail == "viewer@dacorum.example");
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var (email, who, password) in new[] { ("nobody@dacorum.example", null, "x"), ("fresh@dacorum.example", null, "x"), ("viewer@dacorum.example", account, Password) })
        {
            var checks = AccountManager.CountPasswordChecks();
            await AccountManager.CheckPasswordAsync(db, email, who, password, "198.51.100.7", now);
            checks.Value.ShouldBe(1, email);
        }
    }

    [Fact]
    public async Task Failures_slow_an_address_down_for_minutes_not_lock_it_and_a_known_address_waits_no_differently_from_an_unknown_one()
    {
        for (var i = 0; i < 6; i++)
        {
            await SignInAsync("viewer@dacorum.example", "wrong password " + i);
            await SignInAsync("nobody@dacorum.example", "wrong password " + i);
        }
        // Six failures: a one-minute wait for both, even with the right password.
        (await SignInAsync("viewer@dacorum.example", Password)).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var db = _db.Open())
        {
            var waits = await db.SignInThrottles.Where(t => t.Key.StartsWith("email:")).OrderBy(t => t.Key).Select(t => new { t.Key, t.Failures, t.BlockedUntil }).ToListAsync();
            waits.Select(w => (w.Key, w.Failures, w.BlockedUntil)).ShouldBe([
                ("email:nobody@dacorum.example", 6, _clock.GetUtcNow().UtcDateTime.AddMinutes(1)),
                ("email:viewer@dacorum.example", 6, _clock.GetUtcNow().UtcDateTime.AddMinutes(1))]);
        }
        _clock.Now = _clock.Now.AddMinutes(1).AddSeconds(1);
        (await SignInAsync("viewer@dacorum.example", Password)).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = _db.Open())
        {
            (await db.SignInThrottles.AnyAsync(t => t.Key == "email:viewer@dacorum.example")).ShouldBeFalse();
            var audit = await db.AuditLog.IgnoreQueryFilters().Where(a => a.Label == "viewer@dacorum.example").Select(a => a.Action).ToListAsync();
            (audit.Count(a => a == "sign-in-failed"), audit.Count(a => a == "sign-in-waiting"), audit.Count(a => a == "sign-in")).ShouldBe((6, 1, 1));
        }
    }

    // Several app servers share one database: failures arriving together must all count, each by one statement.
    [Fact]
    public async Task Failures_at_the_same_moment_all_count()
    {
        var sessions = Enumerable.Range(0, 6).Select(_ => _web.Session()).ToList();
        await Task.WhenAll(sessions.Select((s, i) => s.SignInAsync("viewer@dacorum.example", "wrong password " + i)));
        await using var db = _db.Open();
        var wait = await db.SignInThrottles.SingleAsync(t => t.Key == "email:viewer@dacorum.example");
        (wait.Failures, wait.BlockedUntil).ShouldBe((6, _clock.GetUtcNow().UtcDateTime.AddMinutes(1)));
        foreach (var s in sessions) s.Dispose();
    }

    [Fact]
    public async Task One_client_failing_for_many_addresses_waits_even_for_a_colleagues_right_password()
    {
        for (var i = 0; i < 21; i++) await SignInAsync($"guess{i}@dacorum.example", "wrong password!");
        (await SignInAsync("viewer@dacorum.example", Password)).Error.ShouldBe(SignInModel.Refused);
        _clock.Now = _clock.Now.AddMinutes(2);
        (await SignInAsync("viewer@dacorum.example", Password)).Response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    /// <summary>Signs in without a cookie jar and returns the sign-in cookie ("steward=…"), as someone copying it would hold it.</summary>
    private async Task<string> SignInCookieAsync()
    {
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/sign-in");
        var antiforgery = form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("steward-antiforgery"));
        var token = new HtmlParser().ParseDocument(await form.Content.ReadAsStringAsync()).QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = new HttpRequestMessage(HttpMethod.Post, "/sign-in")
        {
            Content = new FormUrlEncodedContent([new("email", "viewer@dacorum.example"), new("password", Password), new("__RequestVerificationToken", token)]),
        };
        post.Headers.Add("Cookie", antiforgery);
        var signedIn = await client.SendAsync(post);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("steward="));
    }

    private async Task<HttpStatusCode> HomeWithAsync(string cookie)
    {
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    private async Task<HttpResponseMessage> WithCookieAsync(HttpMethod method, string url, string cookie, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        using var client = _web.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(method, url) { Content = form is null ? null : new FormUrlEncodedContent(form) };
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task After_signing_out_a_copy_of_the_cookie_signs_nobody_in()
    {
        var cookie = await SignInCookieAsync();
        var copy = cookie;
        (await HomeWithAsync(cookie)).ShouldBe(HttpStatusCode.OK);

        // The person signs out with the header's button.
        var home = await WithCookieAsync(HttpMethod.Get, "/", cookie);
        var page = new HtmlParser().ParseDocument(await home.Content.ReadAsStringAsync());
        var button = page.QuerySelector("header form[action='/sign-out']")!;
        button.TextContent.Trim().ShouldBe("Sign out");
        var token = button.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var antiforgery = home.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("steward-antiforgery"));
        var signedOut = await WithCookieAsync(HttpMethod.Post, "/sign-out", $"{cookie}; {antiforgery}", [new("__RequestVerificationToken", token)]);
        signedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signedOut.Headers.Location!.OriginalString.ShouldBe("/sign-in");

        // Whoever copied the cookie before that finds it useless.
        (await HomeWithAsync(copy)).ShouldBe(HttpStatusCode.Redirect);
        await using var db = _db.Open();
        (await db.SignInSessions.SingleAsync()).EndedBecause.ShouldBe("signed out");
    }

    [Fact]
    public async Task An_hour_idle_or_twelve_hours_in_all_ends_a_sign_in()
    {
        var idle = await SignInCookieAsync();
        _clock.Now = _clock.Now.AddMinutes(59);
        (await HomeWithAsync(idle)).ShouldBe(HttpStatusCode.OK);
        _clock.Now = _clock.Now.AddMinutes(60);
        (await HomeWithAsync(idle)).ShouldBe(HttpStatusCode.Redirect);

        var busy = await SignInCookieAsync();
        for (var step = 0; step < 13; step++)
        {
            _clock.Now = _clock.Now.AddMinutes(55);
            (await HomeWithAsync(busy)).ShouldBe(HttpStatusCode.OK, $"after {step + 1} × 55 minutes");
        }
        _clock.Now = _clock.Now.AddMinutes(55);
        (await HomeWithAsync(busy)).ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_password_change_ends_every_session_of_that_person()
    {
        var cookie = await SignInCookieAsync();
        (await StewardCli.RunAsync(_db, "user", "add", "viewer@dacorum.example", "--org", "DBC", "--role", "viewer", "--password", "a brand new passphrase")).ExitCode.ShouldBe(0);
        (await HomeWithAsync(cookie)).ShouldBe(HttpStatusCode.Redirect);
        await using var db = _db.Open();
        (await db.SignInSessions.CountAsync(s => s.EndedAt == null)).ShouldBe(0);
    }
}
