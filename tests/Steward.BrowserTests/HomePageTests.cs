using Microsoft.Playwright;

namespace Steward.BrowserTests;

public class HomePageTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task A_councillor_signs_in_and_sees_the_indicators()
    {
        var page = await app.SignedInAsync("viewer@dacorum.example");
        (await page.Locator("header").InnerTextAsync()).ShouldContain("Dacorum Borough Council");
        (await page.Locator(".govuk-inset-text").InnerTextAsync()).ShouldContain("Of the 11 targetable indicators, 7 were green and 4 were amber.");
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.govuk-generic-header')).backgroundColor");
        background.ShouldBe("rgb(16, 97, 101)"); // the stylesheet loaded: Steward's teal
        await LiveApp.ScreenshotAsync(page, "home-dacorum");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task Signing_in_works_with_the_keyboard_alone()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.Keyboard.PressAsync("Tab"); // skip link
        (await page.EvaluateAsync<string>("document.activeElement.textContent")).ShouldContain("Skip to main content");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe("email");
        await page.Keyboard.TypeAsync("viewer@norfolk.example");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(Steward.Features.Demo.DemoData.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => !u.Contains("/sign-in"));
        (await page.Locator("header").InnerTextAsync()).ShouldContain("Norfolk County Council");
    }

    [Fact]
    public async Task The_sign_in_page_and_its_errors_are_accessible()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        (await page.Locator(".govuk-error-summary").InnerTextAsync()).ShouldContain("Enter your email address");
        (await page.TitleAsync()).ShouldStartWith("Error: ");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
