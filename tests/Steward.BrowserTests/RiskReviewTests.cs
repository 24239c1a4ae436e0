using Microsoft.Playwright;

namespace Steward.BrowserTests;

/// <summary>A quarterly risk review from the risk owner to the approver's sign-off, and the heat map after it.</summary>
public class RiskReviewTests(LiveApp app) : IClassFixture<LiveApp>
{
    // Quarter end, points 1 and 2: PP_R04 raised from 2×4 = 8 to 3×4 = 12 stays at 8 for everyone until it is signed
    // off, then shows 12, up from the 8 signed off on 31 December 2017, on the risk page, the heat map and the exceptions.
    [Fact]
    public async Task A_review_raising_a_score_is_published_at_sign_off_with_its_movement()
    {
        var owner = await app.SignedInAsync("owner@dacorum.example");
        await owner.GotoAsync("/risks");
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.GetByRole(AriaRole.Link, new() { Name = "PP_R04", Exact = true }).ClickAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.GetByRole(AriaRole.Link, new() { Name = "Review this risk" }).ClickAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(owner);
        await owner.GetByLabel("Date of the review").FillAsync("2018-03-02"); // Dacorum's demo takes 6 March 2018 as today
        await owner.Locator("#residual-likelihood").SelectOptionAsync("3");
        await owner.GetByLabel("Prospects of meeting the target score by the target date").SelectOptionAsync("amber");
        await owner.GetByLabel("Progress commentary").FillAsync("Two ransomware attempts this quarter, both stopped at the firewall: likelihood up to 3.");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Submit for sign-off" }).ClickAsync();
        (await owner.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("It proposes a current score of 3×4 = 12");
        await owner.GotoAsync("/risks");
        (await owner.Locator("tbody tr", new() { HasText = "PP_R04" }).InnerTextAsync()).ShouldContain("Pending sign-off");
        await LiveApp.ScreenshotAsync(owner, "register-pending-review");

        var viewer = await app.SignedInAsync("viewer@dacorum.example");
        await viewer.GotoAsync("/risks");
        (await viewer.Locator("tbody tr", new() { HasText = "PP_R04" }).Locator("td").Nth(2).InnerTextAsync()).ShouldStartWith("8");

        var approver = await app.SignedInAsync("approver@dacorum.example");
        await approver.GotoAsync("/risks/reviews");
        var card = approver.Locator(".steward-card", new() { HasText = "PP_R04" });
        (await card.InnerTextAsync()).ShouldContain("Two ransomware attempts this quarter");
        await Accessibility.AssertNoSeriousViolationsAsync(approver);
        await card.GetByLabel("Sign-off comment").FillAsync("Agreed: report to the committee by exception.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Sign off PP_R04" }).ClickAsync();
        (await approver.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("Sign Off Complete");

        await viewer.GotoAsync("/risks");
        await viewer.GetByRole(AriaRole.Link, new() { Name = "PP_R04", Exact = true }).ClickAsync();
        var scores = viewer.Locator("main table").First;
        (await scores.Locator("tbody tr").Nth(1).InnerTextAsync()).ShouldContain("12 Red");
        (await scores.Locator("tbody tr").Nth(1).InnerTextAsync()).ShouldContain("Up");
        (await scores.Locator("tbody tr").Nth(2).InnerTextAsync()).ShouldContain("Previous, signed off 31 December 2017");
        await LiveApp.ScreenshotAsync(viewer, "risk-after-sign-off");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);

        await viewer.GotoAsync("/risks/heatmap?movement=true");
        (await viewer.Locator("svg.steward-heatmap line.steward-heatmap__move").CountAsync()).ShouldBe(1);
        (await viewer.Locator("table", new() { HasText = "Moved since the previous sign-off" }).InnerTextAsync()).ShouldContain("PP_R04");
        await LiveApp.ScreenshotAsync(viewer, "heatmap-movement");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);

        await viewer.GotoAsync("/risks/exceptions");
        (await viewer.Locator("section.steward-card h3").AllInnerTextsAsync()).ShouldContain(t => t.Contains("PP_R04")); // 12 with amber prospects
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);
    }

    // Quarter end, point 6: Cambridgeshire's 3×3 cell holds five risks; the cell shows how many, linked to their list.
    [Fact]
    public async Task The_heat_map_cell_with_five_risks_shows_a_count_linked_to_them()
    {
        var viewer = await app.SignedInAsync("viewer@cambridgeshire.example");
        await viewer.GotoAsync("/risks/heatmap");
        await LiveApp.ScreenshotAsync(viewer, "heatmap-crowded-cell");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);
        var cell = viewer.Locator("svg.steward-heatmap a[href*='cell=3-3']");
        (await cell.Locator(".steward-heatmap__count").TextContentAsync()).ShouldBe("5");
        // Nothing in the map spills out of its cell.
        var box = (await viewer.Locator("svg.steward-heatmap").BoundingBoxAsync())!;
        foreach (var text in await viewer.Locator("svg.steward-heatmap text").AllAsync())
        {
            var t = (await text.BoundingBoxAsync())!;
            (t.X + t.Width).ShouldBeLessThanOrEqualTo(box.X + box.Width + 1);
        }
        await cell.ClickAsync();
        (await viewer.Locator("#cell-risks").InnerTextAsync()).ShouldBe("5 risks at 3 Possible × 3 Moderate = 9 Amber");
        (await viewer.Locator("main table").First.Locator("tbody tr").CountAsync()).ShouldBe(5);
        await LiveApp.ScreenshotAsync(viewer, "heatmap-cell-risks");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);
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

    // Two people edit one risk at once: the second is shown who changed it, when and what, keeps what they typed, and
    // saving again is deliberate.
    [Fact]
    public async Task The_second_of_two_editors_sees_the_first_ones_change_and_keeps_their_own()
    {
        var officer = await app.SignedInAsync("officer@dacorum.example");
        var admin = await app.SignedInAsync("admin@dacorum.example");
        foreach (var page in new[] { officer, admin })
        {
            await page.GotoAsync("/risks");
            await page.GetByRole(AriaRole.Link, new() { Name = "PP_R012", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Edit the risk" }).ClickAsync();
        }
        await officer.GetByLabel("Description").FillAsync("One approach to performance, projects and complaints, agreed by the Corporate Management Team.");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        (await officer.Locator("h1").InnerTextAsync()).ShouldContain("PP_R012");

        await admin.GetByLabel("Description").FillAsync("Performance, projects and complaints managed in PMO online.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        (await admin.Locator(".govuk-error-summary").InnerTextAsync()).ShouldContain("Someone else changed this risk after you opened it");
        var theirs = await admin.Locator("#their-changes").InnerTextAsync();
        theirs.ShouldContain("Demo performance officer");
        theirs.ShouldContain("agreed by the Corporate Management Team");
        (await admin.GetByLabel("Description").InputValueAsync()).ShouldBe("Performance, projects and complaints managed in PMO online.");
        await LiveApp.ScreenshotAsync(admin, "edit-conflict");
        await Accessibility.AssertNoSeriousViolationsAsync(admin);

        await admin.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        (await admin.Locator("main").InnerTextAsync()).ShouldContain("Performance, projects and complaints managed in PMO online.");
    }
}
