using Microsoft.Playwright;

namespace Steward.BrowserTests;

/// <summary>The portfolio and a project's page as a Norfolk councillor reads them (seed 004's social care system replacement). Screenshots are saved.</summary>
public class ProjectTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task A_councillor_reads_the_portfolio_and_a_project()
    {
        var viewer = await app.SignedInAsync("viewer@norfolk.example");
        await viewer.GotoAsync("/projects");
        var row = viewer.Locator("#portfolio tbody tr", new() { HasText = "SCSR-01" });
        (await row.InnerTextAsync()).ShouldContain("On budget");
        await LiveApp.ScreenshotAsync(viewer, "projects");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);

        await row.GetByRole(AriaRole.Link, new() { Name = "SCSR-01" }).ClickAsync();
        (await viewer.Locator("h1").InnerTextAsync()).ShouldBe("Replace CareFirst with Liquidlogic and ContrOCC");
        (await viewer.Locator("main").InnerTextAsync()).ShouldContain("30 days early");
        await LiveApp.ScreenshotAsync(viewer, "project");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);

        await viewer.GetByRole(AriaRole.Link, new() { Name = "Gate 5: Go / No Go: Adults and ContrOCC go live" }).ClickAsync();
        (await viewer.Locator("main").InnerTextAsync()).ShouldContain("5 acceptance criteria, 2 not yet met or waived");
        await LiveApp.ScreenshotAsync(viewer, "project-gate");
        await Accessibility.AssertNoSeriousViolationsAsync(viewer);

        // Dacorum's Digital Dacorum programme on the timeline: the technology refresh forecast beyond its baseline.
        var dacorum = await app.SignedInAsync("viewer@dacorum.example");
        await dacorum.GotoAsync("/projects");
        (await dacorum.Locator("svg.steward-timeline").GetAttributeAsync("role")).ShouldBe("img");
        await LiveApp.ScreenshotAsync(dacorum, "projects-timeline");
        await Accessibility.AssertNoSeriousViolationsAsync(dacorum);
    }

    // The monthly cycle: the project manager submits November 2017's highlight report, the sponsor returns it, it is
    // fixed and approved, and the portfolio shows it.
    [Fact]
    public async Task A_highlight_report_is_submitted_returned_fixed_approved_and_shown_on_the_portfolio()
    {
        var manager = await app.SignedInAsync("updater@norfolk.example");
        await manager.GotoAsync("/projects");
        await manager.GetByRole(AriaRole.Link, new() { Name = "SCSR-01" }).ClickAsync();
        await manager.GetByRole(AriaRole.Link, new() { Name = "Write the Nov 2017 highlight report" }).ClickAsync();
        foreach (var (legend, rating) in new[] { ("Overall", "green"), ("Time", "green"), ("Cost", "green"), ("Scope", "amber"), ("Quality", "green") })
            await manager.Locator("fieldset", new() { Has = manager.Locator("legend", new() { HasTextString = legend }) }).GetByLabel("Rating").SelectOptionAsync(rating);
        await manager.Locator("fieldset", new() { Has = manager.Locator("legend", new() { HasTextString = "Scope" }) }).GetByLabel("Reason").FillAsync("The Briefcase (offline) function follows go-live.");
        await manager.GetByLabel("Forecast end date").FillAsync("2018-03-31");
        await manager.GetByLabel("Forecast cost (£)").FillAsync("10347000");
        await manager.Locator("fieldset", new() { Has = manager.Locator("legend", new() { HasTextString = "Adults and ContrOCC live" }) }).GetByLabel("Forecast date").FillAsync("2017-11-20");
        await manager.GetByLabel("Next month").FillAsync("Adults and ContrOCC go live the week commencing 20 November 2017.");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        (await manager.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("submitted to the sponsor");
        await LiveApp.ScreenshotAsync(manager, "highlight-report");
        await Accessibility.AssertNoSeriousViolationsAsync(manager);

        var sponsor = await app.SignedInAsync("approver@norfolk.example");
        await sponsor.GotoAsync(manager.Url.Split('?')[0]);
        await sponsor.GetByLabel("Comment").FillAsync("Give the forecast cost of the Children's go-live separately.");
        await sponsor.GetByRole(AriaRole.Button, new() { Name = "Return to the project manager" }).ClickAsync();
        (await sponsor.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("returned");

        await manager.GotoAsync(manager.Url.Split('?')[0]);
        (await manager.Locator("main").InnerTextAsync()).ShouldContain("Give the forecast cost of the Children's go-live separately.");
        await manager.GetByLabel("Issues").FillAsync("Children's go-live forecast at £2.1m of the total.");
        await manager.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();

        await sponsor.GotoAsync(manager.Url.Split('?')[0]);
        await LiveApp.ScreenshotAsync(sponsor, "highlight-report-decision");
        await Accessibility.AssertNoSeriousViolationsAsync(sponsor);
        await sponsor.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        (await sponsor.Locator(".govuk-notification-banner--success").InnerTextAsync()).ShouldContain("approved");

        await sponsor.GotoAsync("/projects");
        var row = await sponsor.Locator("#portfolio tbody tr", new() { HasText = "SCSR-01" }).InnerTextAsync();
        row.ShouldContain("Nov 2017");
        row.ShouldContain("Amber");

        // The committee's Q3 pack carries it in its projects section.
        await sponsor.GetByRole(AriaRole.Link, new() { Name = "Reports", Exact = true }).ClickAsync();
        await sponsor.GetByLabel("For", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Digital Innovation and Efficiency Committee" });
        await sponsor.GetByLabel("Quarter", new() { Exact = true }).SelectOptionAsync("2017-09");
        await sponsor.GetByRole(AriaRole.Button, new() { Name = "View the pack" }).ClickAsync();
        // The reporting period is still Q2; the Q3 pack is read ahead of it.
        sponsor.Url.ShouldContain("period=2017-09");
        await sponsor.GotoAsync(sponsor.Url.Replace("period=2017-09", "period=2017-12"));
        var projects = sponsor.Locator("section", new() { Has = sponsor.Locator("h2", new() { HasTextString = "Projects" }) });
        (await projects.InnerTextAsync()).ShouldContain("1 open project within the remit, as their sponsors last approved their highlight reports for Dec 2017 or before: 1 green, 0 amber and 0 red overall.");
        var packRow = await projects.Locator("tr", new() { HasText = "SCSR-01" }).InnerTextAsync();
        packRow.ShouldContain("Nov 2017");
        packRow.ShouldContain("Amber");
        await projects.ScreenshotAsync(new() { Path = Path.Combine(LiveApp.ScreenshotDir, "pack-projects.png") });
    }

    [Fact]
    public async Task The_performance_team_adds_projects_and_re_baselines_them()
    {
        var officer = await app.SignedInAsync("officer@norfolk.example");
        await officer.GotoAsync("/projects");
        await officer.GetByRole(AriaRole.Link, new() { Name = "Add a project" }).ClickAsync();
        (await officer.Locator("h1").InnerTextAsync()).ShouldBe("Add a project");
        await LiveApp.ScreenshotAsync(officer, "project-edit");
        await Accessibility.AssertNoSeriousViolationsAsync(officer);

        await officer.GotoAsync("/projects");
        await officer.GetByRole(AriaRole.Link, new() { Name = "SCSR-01" }).ClickAsync();
        await officer.GetByRole(AriaRole.Link, new() { Name = "Re-baseline" }).ClickAsync();
        (await officer.GetByLabel("End date").InputValueAsync()).ShouldBe("2018-03-31"); // starts from the plan in force
        await officer.GetByRole(AriaRole.Button, new() { Name = "Record baseline 3" }).ClickAsync();
        (await officer.Locator(".govuk-error-summary").InnerTextAsync()).ShouldContain("Say why the project is re-baselined");
        await LiveApp.ScreenshotAsync(officer, "project-baseline");
        await Accessibility.AssertNoSeriousViolationsAsync(officer);
    }

    // The register leaves and comes back as CSV: the export page lists it; a bad highlight report file is refused, every cell named.
    [Fact]
    public async Task The_performance_team_exports_the_register_and_a_bad_file_is_refused_row_by_row()
    {
        var officer = await app.SignedInAsync("officer@dacorum.example");
        await officer.GotoAsync("/manage/export");
        (await officer.Locator("main").InnerTextAsync()).ShouldContain("Milestone dates in approved highlight reports");
        await LiveApp.ScreenshotAsync(officer, "export-projects");
        await Accessibility.AssertNoSeriousViolationsAsync(officer);

        await officer.GotoAsync("/manage/import");
        await officer.GetByLabel("CSV files").SetInputFilesAsync(new FilePayload
        {
            Name = "highlights.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes(
                "project,period,overall_rag,time_rag,cost_rag,scope_rag,quality_rag,overall_reason\n" +
                "DD-01,2018-02,amber,amber,green,green,green,\n" +
                "DD-09,2018-02,green,green,green,green,purple,\n"),
        });
        await officer.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        var errors = await officer.Locator("table.govuk-table").InnerTextAsync();
        errors.ShouldContain("is empty: say why overall is amber");
        errors.ShouldContain("no project DD-09");
        errors.ShouldContain("'purple' is not green, amber or red");
        await LiveApp.ScreenshotAsync(officer, "import-highlights-errors");
        await Accessibility.AssertNoSeriousViolationsAsync(officer);
    }

    // Change requests, benefits and the closure report, as the performance team and a sponsor read them.
    [Fact]
    public async Task Change_requests_benefits_and_closure_read_well()
    {
        var sponsor = await app.SignedInAsync("approver@dacorum.example");
        await sponsor.GotoAsync("/projects");
        await sponsor.Locator("#portfolio").GetByRole(AriaRole.Link, new() { Name = "DD-01" }).ClickAsync();
        await sponsor.GetByRole(AriaRole.Link, new() { Name = "Read the change requests" }).ClickAsync();
        (await sponsor.Locator("main").InnerTextAsync()).ShouldContain("97 days later");
        await LiveApp.ScreenshotAsync(sponsor, "project-changes");
        await Accessibility.AssertNoSeriousViolationsAsync(sponsor);

        var officer = await app.SignedInAsync("officer@norfolk.example");
        await officer.GotoAsync("/projects");
        await officer.Locator("#portfolio").GetByRole(AriaRole.Link, new() { Name = "SCSR-01" }).ClickAsync();
        await officer.GetByRole(AriaRole.Link, new() { Name = "2 benefits" }).ClickAsync();
        await officer.GetByText("Record a measurement").First.ClickAsync();
        await LiveApp.ScreenshotAsync(officer, "project-benefits");
        await Accessibility.AssertNoSeriousViolationsAsync(officer);
        await officer.GoBackAsync();
        await officer.GetByRole(AriaRole.Link, new() { Name = "Closure report: not written yet" }).ClickAsync();
        await LiveApp.ScreenshotAsync(officer, "project-closure");
        await Accessibility.AssertNoSeriousViolationsAsync(officer);

        await officer.GotoAsync("/projects");
        await officer.GetByRole(AriaRole.Link, new() { Name = "The programmes and their boards" }).ClickAsync();
        (await officer.Locator("main").InnerTextAsync()).ShouldContain("SCSR Programme Board");
        await LiveApp.ScreenshotAsync(officer, "project-programmes");
        await Accessibility.AssertNoSeriousViolationsAsync(officer);
    }
}
