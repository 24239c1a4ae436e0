using Microsoft.Playwright;

namespace Steward.BrowserTests;

/// <summary>An administrator invites a colleague; the colleague sets a password from the link, signs in, sets up two-factor authentication, signs out and signs in with a code.</summary>
public class PeopleTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task An_administrator_invites_a_person_who_sets_a_password_and_signs_in()
    {
        var admin = await app.SignedInAsync("admin@dacorum.example");
        await admin.GotoAsync("/manage");
        await admin.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
        await LiveApp.ScreenshotAsync(admin, "people");
        await Accessibility.AssertNoSeriousViolationsAsync(admin);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Invite a person" }).ClickAsync();
        await admin.GetByLabel("E-mail address").FillAsync("mark.brookes@dacorum.example");
        await admin.GetByLabel("Full name").FillAsync("Mark Brookes");
        await admin.GetByLabel("Approver").CheckAsync();
        await admin.GetByLabel("Cleared for exempt (Part II) information").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        (await admin.Locator("h1").InnerTextAsync()).ShouldBe("Mark Brookes is invited");
        await LiveApp.ScreenshotAsync(admin, "people-invited");
        await Accessibility.AssertNoSeriousViolationsAsync(admin);
        var link = new Uri((await admin.Locator("#one-time-link code").InnerTextAsync()).Trim()).PathAndQuery;

        var mark = await app.NewPageAsync();
        await mark.GotoAsync(link);
        await mark.GetByLabel("New password", new() { Exact = true }).FillAsync("Password2026!");
        await mark.GetByLabel("New password again").FillAsync("Password2026!");
        await mark.GetByRole(AriaRole.Button, new() { Name = "Set the password" }).ClickAsync();
        (await mark.Locator(".govuk-error-summary").InnerTextAsync()).ShouldContain("attackers try first");
        await LiveApp.ScreenshotAsync(mark, "set-password-refused");
        await Accessibility.AssertNoSeriousViolationsAsync(mark);
        await mark.GetByLabel("New password", new() { Exact = true }).FillAsync("moorland tulip ledger");
        await mark.GetByLabel("New password again").FillAsync("moorland tulip ledger");
        await mark.GetByRole(AriaRole.Button, new() { Name = "Set the password" }).ClickAsync();
        (await mark.Locator(".govuk-notification-banner").InnerTextAsync()).ShouldContain("Your password is set");
        await mark.GetByLabel("Email address").FillAsync("mark.brookes@dacorum.example");
        await mark.GetByLabel("Password").FillAsync("moorland tulip ledger");
        await mark.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        (await mark.Locator("header").InnerTextAsync()).ShouldContain("Mark Brookes");

        await mark.Locator("header a[href='/account']").ClickAsync();
        (await mark.Locator("h1").InnerTextAsync()).ShouldBe("Your account");
        await LiveApp.ScreenshotAsync(mark, "your-account");
        await Accessibility.AssertNoSeriousViolationsAsync(mark);

        // Two-factor authentication with an authenticator app: the key from the page, a code from it.
        await mark.GetByRole(AriaRole.Link, new() { Name = "Set it up" }).ClickAsync();
        await LiveApp.ScreenshotAsync(mark, "two-factor-setup");
        await Accessibility.AssertNoSeriousViolationsAsync(mark);
        var key = (await mark.Locator("#totp-key").InnerTextAsync()).Replace(" ", "");
        var totp = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key));
        await mark.GetByLabel("Code", new() { Exact = true }).FillAsync(totp.ComputeTotp(DateTime.UtcNow));
        await mark.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor authentication" }).ClickAsync();
        (await mark.Locator("#recovery-codes li").CountAsync()).ShouldBe(10);
        await LiveApp.ScreenshotAsync(mark, "two-factor-recovery-codes");

        await mark.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await mark.WaitForURLAsync(u => u.Contains("/sign-in"));
        await mark.GotoAsync("/");
        mark.Url.ShouldContain("/sign-in");
        await mark.GetByLabel("Email address").FillAsync("mark.brookes@dacorum.example");
        await mark.GetByLabel("Password").FillAsync("moorland tulip ledger");
        await mark.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        (await mark.Locator("h1").InnerTextAsync()).ShouldBe("Enter your code");
        await LiveApp.ScreenshotAsync(mark, "sign-in-code");
        await Accessibility.AssertNoSeriousViolationsAsync(mark);
        // The code that turned it on is spent; the next one (an authenticator shows it within 30 seconds) signs in.
        await mark.GetByLabel("Code", new() { Exact = true }).FillAsync(totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        await mark.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        (await mark.Locator("header").InnerTextAsync()).ShouldContain("Mark Brookes");

        await admin.GotoAsync("/manage/people?q=brookes");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Mark Brookes" }).ClickAsync();
        await LiveApp.ScreenshotAsync(admin, "person-account");
        await Accessibility.AssertNoSeriousViolationsAsync(admin);
        (await admin.Locator("main dl").InnerTextAsync()).ShouldContain("Active");
        (await admin.Locator("main dl").InnerTextAsync()).ShouldContain("On since");

        // The audit trail tells the story in words.
        await admin.GotoAsync("/manage");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        await admin.GetByLabel("Person (e-mail)").FillAsync("mark.brookes");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var trail = await admin.Locator("main tbody").InnerTextAsync();
        trail.ShouldContain("Turned on two-factor authentication");
        trail.ShouldContain("Password set from invitation");
        await LiveApp.ScreenshotAsync(admin, "audit-trail");
        await Accessibility.AssertNoSeriousViolationsAsync(admin);
    }
}
