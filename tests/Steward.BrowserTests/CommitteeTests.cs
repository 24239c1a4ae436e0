using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Steward.Features.Accounts;
using Steward.Features.Demo;

namespace Steward.BrowserTests;

/// <summary>The committee pages as the performance officer and a lead officer use them at Dacorum's meeting of 6 March 2018 (seed 001).</summary>
public class CommitteeTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task A_performance_officer_reads_the_work_programme_and_records_an_action_without_errors_of_accessibility()
    {
        var page = await app.SignedInAsync("officer@dacorum.example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Committees", Exact = true }).ClickAsync();
        (await page.Locator("tbody tr").First.InnerTextAsync()).ShouldContain("Cllr Herbert Chapman");
        await LiveApp.ScreenshotAsync(page, "committees");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Finance and Resources Overview and Scrutiny Committee" }).ClickAsync();
        (await page.Locator("table").First.InnerTextAsync()).ShouldContain("Past deadline");
        await LiveApp.ScreenshotAsync(page, "committee");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "6 March 2018" }).First.ClickAsync();
        await page.GetByText("Record an action the committee agreed").ClickAsync();
        var form = page.Locator("form[action*=AddAction]");
        await form.GetByLabel("Action", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Refer to a task and finish group" });
        await form.GetByLabel("What the committee asked for").FillAsync("Review long-term sickness absence");
        await form.GetByLabel("About an indicator (its code)").FillAsync("HR04b");
        await form.GetByLabel("Owner").FillAsync("Robert Smyth");
        await form.GetByLabel("Reports back to the meeting of").SelectOptionAsync(new SelectOptionValue { Label = "5 June 2018" });
        await form.GetByRole(AriaRole.Button, new() { Name = "Record action" }).ClickAsync();
        (await page.Locator("#actions ~ table").First.InnerTextAsync()).ShouldContain("Refer to a task and finish group: Review long-term sickness absence");
        await LiveApp.ScreenshotAsync(page, "meeting");
        await Accessibility.AssertNoSeriousViolationsAsync(page);

        // A mistake is reported at the top and at the field, with the form left open.
        await page.GetByText("Record an action the committee agreed").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record action" }).ClickAsync();
        (await page.Locator(".govuk-error-summary").InnerTextAsync()).ShouldContain("Choose the action from the list");
        await LiveApp.ScreenshotAsync(page, "meeting-error");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task A_lead_officer_sees_their_late_report_on_the_home_page()
    {
        await using (var db = app.Database.Open())
        {
            var org = await db.Organisations.SingleAsync(o => o.Code == "DBC");
            db.UseOrganisation(org.Id);
            await AccountManager.GrantAsync(db, "fiona.jump@dacorum.example", "Fiona Jump", DemoData.Password, org, Role.Updater);
        }
        var page = await app.SignedInAsync("fiona.jump@dacorum.example");
        (await page.Locator("main").InnerTextAsync()).ShouldContain("Finance & Resources – Q3 Performance Report");
        await LiveApp.ScreenshotAsync(page, "home-lead-officer");
        await Accessibility.AssertNoSeriousViolationsAsync(page);
    }
}
