using Microsoft.Playwright;

namespace Steward.BrowserTests;

/// <summary>
/// Quarter end, point 6: the dashboard's 13 periods at 1400 px open at the latest periods with the indicator column
/// fixed and a visible sign that the table scrolls; printed, all 13 periods fit the page.
/// </summary>
public class DashboardTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task At_1400_pixels_the_dashboard_opens_at_its_latest_periods_and_printed_shows_all_13()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email address").FillAsync("viewer@norfolk.example");
        await page.GetByLabel("Password").FillAsync(Steward.Features.Demo.DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/sign-in"));
        await page.GotoAsync("/dashboard");
        await LiveApp.ScreenshotAsync(page, "dashboard-1400");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        var region = page.Locator(".steward-table-scroll").First;
        var box = (await region.BoundingBoxAsync())!;
        (await region.EvaluateAsync<bool>("r => r.scrollWidth > r.clientWidth")).ShouldBeTrue("the 13 periods are wider than 1400 px here");
        // The latest period (Sep 2017) is in view; the earliest (Sep 2016) is the one scrolled away.
        var headers = region.Locator("thead th.steward-dashboard__period");
        var latest = (await headers.Last.BoundingBoxAsync())!;
        (latest.X + latest.Width).ShouldBeLessThanOrEqualTo(box.X + box.Width + 1);
        latest.X.ShouldBeGreaterThanOrEqualTo(box.X);
        // The indicator column stays at the left edge, over the periods scrolled under it.
        var name = (await region.Locator("tbody th.steward-dashboard__name").First.BoundingBoxAsync())!;
        name.X.ShouldBe(box.X, 1);
        (await page.Locator(".steward-scroll-hint").First.InnerTextAsync()).ShouldContain("scroll the table sideways");

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await page.SetViewportSizeAsync(1123, 794); // A4 landscape at 96 dpi
        (await region.EvaluateAsync<bool>("r => r.scrollWidth <= r.clientWidth + 1")).ShouldBeTrue("printed, nothing scrolls");
        var printedBox = (await region.BoundingBoxAsync())!;
        foreach (var header in await headers.AllAsync())
        {
            var h = (await header.BoundingBoxAsync())!;
            (h.X + h.Width).ShouldBeLessThanOrEqualTo(printedBox.X + printedBox.Width + 1, await header.InnerTextAsync());
        }
        await LiveApp.ScreenshotAsync(page, "dashboard-printed");
        await page.PdfAsync(new PagePdfOptions { Path = Path.Combine(LiveApp.ScreenshotDir, "dashboard-printed.pdf"), Landscape = true, Format = "A4", PrintBackground = true });
        await context.CloseAsync();
    }
}
