using Microsoft.Playwright;

namespace Steward.BrowserTests;

/// <summary>The quarterly pack as a performance officer makes it for Dacorum's committee at Q2 2017/18 (seed 001).</summary>
public class PackTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task A_performance_officer_views_the_pack_in_the_browser_and_downloads_it_as_word_and_pdf()
    {
        var page = await app.SignedInAsync("officer@dacorum.example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Reports", Exact = true }).ClickAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await LiveApp.ScreenshotAsync(page, "reports");
        await page.GetByLabel("For", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Finance and Resources Overview and Scrutiny Committee" });
        await page.GetByLabel("Quarter", new() { Exact = true }).SelectOptionAsync("2017-09");
        await page.GetByRole(AriaRole.Button, new() { Name = "View the pack" }).ClickAsync();
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Quarter 2 2017/18 Performance Report");
        (await page.Locator("main").InnerTextAsync()).ShouldContain("Of the 11 targetable indicators, 7 were green and 4 were amber.");
        await LiveApp.ScreenshotAsync(page, "pack");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.PdfAsync(new PagePdfOptions { Path = Path.Combine(LiveApp.ScreenshotDir, "pack-printed.pdf"), Format = "A4" });

        await page.GoBackAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download as Word" }).ClickAsync());
        download.SuggestedFilename.ShouldBe("dbc-frosc-2017-09-performance-pack.docx");
        var path = Path.Combine(LiveApp.ScreenshotDir, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        new FileInfo(path).Length.ShouldBeGreaterThan(5_000);
        download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download as PDF" }).ClickAsync());
        download.SuggestedFilename.ShouldBe("dbc-frosc-2017-09-performance-pack.pdf");
        await download.SaveAsAsync(Path.Combine(LiveApp.ScreenshotDir, download.SuggestedFilename));

        // Issue it: the issued pack's page lists its frozen files.
        var issue = page.Locator("form[action*=Issue]");
        await issue.GetByLabel("Issue the pack for").SelectOptionAsync(new SelectOptionValue { Label = "Finance and Resources Overview and Scrutiny Committee" });
        await issue.GetByLabel("Quarter to issue").SelectOptionAsync("2017-09");
        await issue.GetByRole(AriaRole.Button, new() { Name = "Issue this pack" }).ClickAsync();
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Quarter 2 2017/18 Performance Report, issue 1");
        await LiveApp.ScreenshotAsync(page, "pack-issued");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
