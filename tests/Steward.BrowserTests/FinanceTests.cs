namespace Steward.BrowserTests;

/// <summary>The committee finance tables as a Norfolk councillor reads them (seed 004, Tables 1 and 3). Screenshot saved.</summary>
public class FinanceTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task A_councillor_reads_the_committee_s_finance_tables()
    {
        var viewer = await app.SignedInAsync("viewer@norfolk.example");
        await viewer.GotoAsync("/finance");
        (await viewer.Locator("#revenue tfoot").InnerTextAsync()).ShouldContain("15.982");
        (await viewer.Locator("#reserves tfoot").InnerTextAsync()).ShouldContain("(0.987)");
        await LiveApp.ScreenshotAsync(viewer, "finance");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);

        await viewer.Locator("#revenue a", new() { HasText = "Technical Programme" }).ClickAsync();
        (await viewer.Locator("#history").InnerTextAsync()).ShouldContain("Period 6 (Sep 2017)");
        await LiveApp.ScreenshotAsync(viewer, "finance-line");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);
    }
}

/// <summary>The performance team links an indicator to a budget line and sees it reported by exception. Screenshots saved.</summary>
public class LinkedExceptionBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task An_officer_links_ICT06_to_the_Technical_Programme_line_and_it_becomes_an_exception()
    {
        var officer = await app.SignedInAsync("officer@norfolk.example");
        await officer.GotoAsync("/manage/indicators");
        await officer.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Budget and risks for ICT06" }).ClickAsync();
        await officer.GetByLabel("Add a line from the committee").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Label = "Digital Innovation and Efficiency Committee" });
        await officer.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Show its lines" }).ClickAsync();
        await officer.GetByLabel("Budget line of Digital Innovation and Efficiency Committee").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Label = "Information Management and Technology: Technical Programme" });
        await officer.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Link the line" }).ClickAsync();
        (await officer.Locator("main table").InnerTextAsync()).ShouldContain("Technical Programme");
        await LiveApp.ScreenshotAsync(officer, "indicator-links");
        await Accessibility.AssertNoSeriousViolationsAsync(officer);

        await officer.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Back to the report card" }).ClickAsync();
        (await officer.Locator("main").InnerTextAsync()).ShouldContain("Adversely affecting the budget");
        await LiveApp.ScreenshotAsync(officer, "report-card-budget-exception");

        await officer.GotoAsync("/manage/registers");
        await LiveApp.ScreenshotAsync(officer, "registers-corporate");
        await Accessibility.AssertNoSeriousViolationsAsync(officer);
    }
}

/// <summary>Dacorum's complaints as a councillor and a complaint handler see them. Screenshots saved.</summary>
public class ComplaintBrowserTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task A_councillor_reads_the_complaints_dashboard_and_a_handler_a_case()
    {
        var viewer = await app.SignedInAsync("viewer@dacorum.example");
        await viewer.GotoAsync("/complaints");
        (await viewer.Locator("#stages").InnerTextAsync()).ShouldContain("74 of 81 (91.36%)");
        await LiveApp.ScreenshotAsync(viewer, "complaints");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);

        await viewer.GotoAsync("/complaints/annual-report?year=2017");
        await LiveApp.ScreenshotAsync(viewer, "complaints-annual-report");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);

        var handler = await app.SignedInAsync("complaints@dacorum.example");
        await handler.GotoAsync("/complaints");
        await handler.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "DBC-C-2018-0001" }).ClickAsync();
        (await handler.Locator("main").InnerTextAsync()).ShouldContain("Mrs A Example");
        await LiveApp.ScreenshotAsync(handler, "complaint");
        await Accessibility.AssertNoSeriousViolationsAsync(handler);
    }
}
