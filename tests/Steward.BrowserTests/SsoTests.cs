using Microsoft.Playwright;
using Steward.Tests.Support;

namespace Steward.BrowserTests;

/// <summary>An administrator sets up single sign-on; a colleague signs in through the council's provider (a test one on 127.0.0.1) and lands where they were going.</summary>
public class SsoTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task An_sso_sign_in_through_the_councils_provider_lands_on_the_dashboard()
    {
        await using var provider = await TestOpenIdProvider.StartAsync();
        var admin = await app.SignedInAsync("admin@dacorum.example");
        await admin.GotoAsync("/manage/people");
        await admin.GetByText("Single sign-on: off").ClickAsync();
        await admin.GetByLabel("Issuer address").FillAsync(provider.Issuer);
        await admin.GetByLabel("Client (application) id").FillAsync(TestOpenIdProvider.ClientId);
        await admin.GetByLabel("Client secret").FillAsync(TestOpenIdProvider.ClientSecret);
        await LiveApp.ScreenshotAsync(admin, "sso-settings");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).Last.ClickAsync();
        (await admin.Locator(".govuk-notification-banner").InnerTextAsync()).ShouldContain("Single sign-on is set up");
        await Accessibility.AssertNoSeriousViolationsAsync(admin);

        provider.Email = "approver@dacorum.example";
        var page = await app.NewPageAsync();
        await page.GotoAsync("/dashboard");
        page.Url.ShouldContain("/sign-in");
        await LiveApp.ScreenshotAsync(page, "sign-in-with-sso");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Dacorum Borough Council" }).ClickAsync();
        await page.WaitForURLAsync(u => u.EndsWith("/dashboard"));
        (await page.Locator("header").InnerTextAsync()).ShouldContain("Demo approver");
        (await page.Locator("h1").InnerTextAsync()).ShouldContain("dashboard", Case.Insensitive);
    }
}
