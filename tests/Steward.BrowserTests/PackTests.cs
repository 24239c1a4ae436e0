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

        // Write this quarter's purpose, then the lead officer (the demo approver) signs the pack off and the officer issues it.
        var prepare = page.Locator("form[action='/reports/prepare']");
        await prepare.GetByLabel("Pack to sign off or issue, for").SelectOptionAsync(new SelectOptionValue { Label = "Finance and Resources Overview and Scrutiny Committee" });
        await prepare.GetByLabel("Quarter of that pack").SelectOptionAsync("2017-09");
        await prepare.GetByRole(AriaRole.Button, new() { Name = "Go to its sign-off and issue" }).ClickAsync();
        (await page.Locator("#sign-off-state").InnerTextAsync()).ShouldContain("has not signed this pack off");
        await LiveApp.ScreenshotAsync(page, "pack-prepare");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        var prepareUrl = page.Url;
        await page.GetByRole(AriaRole.Link, new() { Name = "Change wording" }).ClickAsync();
        await page.GetByLabel("Purpose of report").FillAsync("To present the {quarter} performance of the services this committee scrutinises.");
        await LiveApp.ScreenshotAsync(page, "pack-wording");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the wording" }).ClickAsync();
        (await page.Locator(".govuk-notification-banner").InnerTextAsync()).ShouldContain("Wording saved.");

        var lead = await app.SignedInAsync("approver@dacorum.example");
        await lead.GotoAsync(prepareUrl);
        await lead.GetByRole(AriaRole.Button, new() { Name = "Sign off this pack" }).ClickAsync();
        (await lead.Locator("#sign-off-state").InnerTextAsync()).ShouldStartWith("Signed off by Demo approver on ");
        await LiveApp.ScreenshotAsync(lead, "pack-signed-off");

        await page.GotoAsync(prepareUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue this pack" }).ClickAsync();
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Quarter 2 2017/18 Performance Report, issue 1");
        var html = await (await page.APIRequest.GetAsync(page.Url + "?handler=File&format=html&public=true")).TextAsync();
        html.ShouldContain("To present the Q2 2017/18 performance of the services this committee scrutinises.");
        await LiveApp.ScreenshotAsync(page, "pack-issued");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
