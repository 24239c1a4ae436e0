using Microsoft.Playwright;

namespace Steward.BrowserTests;

/// <summary>A quarterly risk review from the risk owner to the approver's sign-off, and the heat map after it.</summary>
public class RiskReviewTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task Owner_reviews_approver_signs_off_and_the_heat_map_shows_the_move()
    {
        var owner = await app.SignedInAsync("owner@dacorum.example");
        await owner.GotoAsync("/risks");
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.GetByRole(AriaRole.Link, new() { Name = "PP_R011", Exact = true }).ClickAsync();
        await LiveApp.ScreenshotAsync(owner, "risk");
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.GetByRole(AriaRole.Link, new() { Name = "Review this risk" }).ClickAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.GetByLabel("Date of the review").FillAsync("2018-03-28");
        await owner.Locator("#residual-likelihood").SelectOptionAsync("3");
        await owner.GetByLabel("Prospects of meeting the target score by the target date").SelectOptionAsync("amber");
        await owner.GetByLabel("Progress commentary").FillAsync("Roll-out of the new PCs has slipped to May; the CRM procurement is delayed.");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Submit for sign-off" }).ClickAsync();
        (await owner.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("Review submitted for sign-off");
        (await owner.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("12");
        await LiveApp.ScreenshotAsync(owner, "risk-review");

        var approver = await app.SignedInAsync("approver@dacorum.example");
        await approver.GotoAsync("/risks/reviews");
        var card = approver.Locator(".steward-card", new() { HasText = "PP_R011" });
        (await card.InnerTextAsync()).ShouldContain("Roll-out of the new PCs has slipped to May");
        await Accessibility.AssertNoSeriousViolationsAsync(approver);
        await card.GetByLabel("Sign-off comment").FillAsync("Agreed: raise with the Technology Strategy Board.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Sign off PP_R011" }).ClickAsync();
        (await approver.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("Sign Off Complete");

        var viewer = await app.SignedInAsync("viewer@dacorum.example");
        await viewer.GotoAsync("/risks/heatmap?inherent=true&movement=true");
        (await viewer.Locator("svg.steward-heatmap line.steward-heatmap__move").CountAsync()).ShouldBe(0); // signed off: current = previous
        await viewer.GotoAsync("/risks/heatmap?inherent=true");
        (await viewer.Locator("svg.steward-heatmap").InnerHTMLAsync()).ShouldContain("PP_R011");
        var row = viewer.Locator("table tbody tr", new() { HasText = "PP_R011" });
        (await row.InnerTextAsync()).ShouldContain("3×4 = 12 red");
        await LiveApp.ScreenshotAsync(viewer, "heatmap");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);

        await viewer.GotoAsync("/risks/exceptions");
        (await viewer.Locator("section.steward-card h3").AllInnerTextsAsync()).ShouldContain(t => t.Contains("PP_R011")); // 12 with amber prospects
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);
    }

    [Fact]
    public async Task The_heat_map_shows_movement_before_sign_off()
    {
        // Norfolk's RM14223: the owner lowers the current score, the approver has not signed it off yet.
        var owner = await app.SignedInAsync("owner@norfolk.example");
        await owner.GotoAsync("/risks");
        await owner.GetByRole(AriaRole.Link, new() { Name = "RM14223", Exact = true }).ClickAsync();
        await owner.GetByRole(AriaRole.Link, new() { Name = "Review this risk" }).ClickAsync();
        await owner.Locator("#residual-likelihood").SelectOptionAsync("1");
        await owner.GetByLabel("Progress commentary").FillAsync("New call monitoring in place from November.");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Submit for sign-off" }).ClickAsync();
        await owner.GotoAsync("/risks/heatmap?inherent=true&movement=true");
        (await owner.Locator("svg.steward-heatmap line.steward-heatmap__move").CountAsync()).ShouldBe(1);
        (await owner.Locator("table tbody tr", new() { HasText = "RM14223" }).InnerTextAsync()).ShouldContain("down since the last review");
        await LiveApp.ScreenshotAsync(owner, "heatmap-movement");
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
    }

    [Fact]
    public async Task The_risk_team_pages_are_accessible()
    {
        var officer = await app.SignedInAsync("officer@cambridgeshire.example");
        foreach (var url in new[] { "/manage/risk-matrix", "/manage/registers", "/risks/new", "/risks/reconciliation?from=2019-01-01&to=2019-12-31", "/risks?register=1" })
        {
            var response = await officer.GotoAsync(url);
            response!.Status.ShouldBe(200, url);
            await Accessibility.AssertNoSeriousViolationsAsync(officer);
        }
        await officer.GotoAsync("/manage/risk-matrix");
        await LiveApp.ScreenshotAsync(officer, "risk-matrix");
    }
}
