using Microsoft.Playwright;

namespace Steward.BrowserTests;

[Collection(nameof(LiveAppCollection))]
public class HomePageTests(LiveApp app)
{
    [Fact]
    public async Task A_councillor_signs_in_and_sees_the_indicators()
    {
        var page = await app.SignedInAsync("viewer@dacorum.example");
        (await page.Locator("header").InnerTextAsync()).ShouldContain("Dacorum Borough Council");
        (await page.Locator(".govuk-inset-text").InnerTextAsync()).ShouldContain("Of the 11 targetable indicators, 7 were green and 4 were amber.");
        var css = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.govuk-header, .govuk-generic-header')).backgroundColor");
        css.ShouldNotBe("rgba(0, 0, 0, 0)"); // the stylesheet loaded
        await LiveApp.ScreenshotAsync(page, "home-dacorum");
    }
}
