using Microsoft.Playwright;

namespace Steward.BrowserTests;

/// <summary>
/// The quarterly cycle in a real browser: the performance officer moves the reporting period on, the updater
/// enters a result with a comment and submits, the approver returns it, the updater fixes it, the approver
/// approves, and the dashboard shows the new RAG. A viewer can change nothing. Screenshots are saved.
/// </summary>
public class PerformanceCycleTests(LiveApp app) : IClassFixture<LiveApp>
{
    private static async Task Click(IPage page, string name) =>
        await page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();

    [Fact]
    public async Task Updater_approver_and_dashboard()
    {
        // The performance officer moves on to Q3 2017/18 and sets CSU10's target for it.
        var officer = await app.SignedInAsync("officer@dacorum.example");
        await officer.GotoAsync("/manage/settings");
        await officer.GetByLabel("Current reporting period").FillAsync("2017-12");
        await Click(officer, "Save settings");
        (await officer.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("Settings saved");
        await officer.GotoAsync("/manage/indicators");
        await officer.GetByRole(AriaRole.Link, new() { Name = "Targets for CSU10" }).ClickAsync();
        await officer.GetByLabel("Q3 2017/18").FillAsync("210");
        await Click(officer, "Save targets");
        await LiveApp.ScreenshotAsync(officer, "targets");
        await Accessibility.AssertNoSeriousViolationsAsync(officer);

        // The updater sees what is due and enters it.
        var updater = await app.SignedInAsync("updater@dacorum.example");
        await updater.GotoAsync("/my-indicators");
        await LiveApp.ScreenshotAsync(updater, "my-indicators");
        await Accessibility.AssertNoSeriousViolationsAsync(updater);
        await updater.GetByRole(AriaRole.Link, new() { Name = "Enter the Q3 2017/18 result for CSU10" }).ClickAsync();
        await updater.GetByLabel("Value (seconds)").FillAsync("300");
        await updater.GetByLabel("Comment").FillAsync("Two vacancies unfilled through December.");
        await Click(updater, "Submit for approval");
        (await updater.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("Result submitted for approval");
        (await updater.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("Amber"); // 300 s against 210, within 50%: the RAG at once
        await LiveApp.ScreenshotAsync(updater, "data-entry");
        await Accessibility.AssertNoSeriousViolationsAsync(updater);

        // The approver returns it with a comment.
        var approver = await app.SignedInAsync("approver@dacorum.example");
        await approver.GotoAsync("/approvals");
        var card = approver.Locator(".steward-card", new() { HasText = "CSU10" });
        (await card.InnerTextAsync()).ShouldContain("Two vacancies unfilled through December.");
        await LiveApp.ScreenshotAsync(approver, "approvals");
        await Accessibility.AssertNoSeriousViolationsAsync(approver);
        await card.GetByLabel("Approver's comment").FillAsync("Is this December's figure, not the quarter's average?");
        await card.GetByRole(AriaRole.Button, new() { Name = "Return CSU10 Q3 2017/18 to the updater" }).ClickAsync();
        (await approver.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("returned to the updater");

        // The updater fixes it.
        await updater.GotoAsync("/my-indicators");
        (await updater.Locator("tr", new() { HasText = "CSU10" }).First.InnerTextAsync()).ShouldContain("Returned");
        await updater.GetByRole(AriaRole.Link, new() { Name = "Enter the Q3 2017/18 result for CSU10" }).ClickAsync();
        (await updater.Locator("main").InnerTextAsync()).ShouldContain("Is this December's figure, not the quarter's average?");
        await updater.GetByLabel("Value (seconds)").FillAsync("205.33");
        await updater.GetByLabel("Comment").FillAsync("Quarter average: vacancies filled in November.");
        await Click(updater, "Submit for approval");
        (await updater.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("Green");

        // The approver approves.
        await approver.GotoAsync("/approvals");
        await approver.Locator(".steward-card", new() { HasText = "CSU10" }).GetByRole(AriaRole.Button, new() { Name = "Approve CSU10 Q3 2017/18" }).ClickAsync();
        (await approver.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("approved");

        // The dashboard shows the new RAG.
        var viewer = await app.SignedInAsync("viewer@dacorum.example");
        await viewer.GotoAsync("/dashboard");
        var row = viewer.Locator("tbody tr", new() { Has = viewer.GetByRole(AriaRole.Link, new() { Name = "CSU10", Exact = true }) });
        var dec = row.Locator("td").Nth(12);
        (await dec.InnerTextAsync()).ShouldContain("205.33 s");
        (await dec.GetAttributeAsync("class"))!.ShouldContain("steward-rag--green");
        await LiveApp.ScreenshotAsync(viewer, "dashboard");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);

        // The report card carries both comments.
        await row.GetByRole(AriaRole.Link, new() { Name = "CSU10", Exact = true }).ClickAsync();
        var main = await viewer.Locator("main").InnerTextAsync();
        main.ShouldContain("Quarter average: vacancies filled in November.");
        main.ShouldContain("Introduce new system tools to manage demand");
        await LiveApp.ScreenshotAsync(viewer, "report-card");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);

        // A viewer can change nothing: no forms, no entry links, and the entry page is refused.
        (await viewer.Locator("main form[method=post]").CountAsync()).ShouldBe(0);
        (await viewer.Locator("a", new() { HasText = "Enter or change" }).CountAsync()).ShouldBe(0);
        var refused = await viewer.GotoAsync(viewer.Url.Split('?')[0] + "/results/2017-12");
        refused!.Status.ShouldBe(403);
        (await viewer.Locator("h1").InnerTextAsync()).ShouldBe("You do not have permission to see this page");
        var manage = await viewer.GotoAsync("/manage");
        manage!.Status.ShouldBe(403);
    }

    [Fact]
    public async Task The_core_journey_works_without_javascript()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email address").FillAsync("updater@norfolk.example");
        await page.GetByLabel("Password").FillAsync(Steward.Features.Demo.DemoData.Password);
        await Click(page, "Sign in");
        await page.GotoAsync("/dashboard");
        var id = (await page.GetByRole(AriaRole.Link, new() { Name = "ICT04", Exact = true }).GetAttributeAsync("href"))!.Split('?')[0];
        await page.GotoAsync($"{id}/results/2017-10");
        await page.GetByLabel("Numerator").FillAsync("2700");
        await page.GetByLabel("Denominator").FillAsync("3300");
        await Click(page, "Save draft");
        var banner = await page.Locator(".govuk-notification-banner--success").InnerTextAsync();
        banner.ShouldContain("Draft saved");
        (await page.Locator("main").InnerTextAsync()).ShouldContain("81.8%");
    }

    [Fact]
    public async Task The_accessibility_check_finds_real_problems()
    {
        // The check must be able to fail: an unlabelled field is a critical violation.
        var page = await app.SignedInAsync("viewer@norfolk.example");
        await page.EvaluateAsync("() => { const i = document.createElement('input'); i.type = 'text'; document.querySelector('main').appendChild(i); }");
        (await Accessibility.SeriousViolationsAsync(page)).ShouldContain(v => v.Id == "label");
    }
}
