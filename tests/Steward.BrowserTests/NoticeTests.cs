using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Steward.Features.Notices;

namespace Steward.BrowserTests;

/// <summary>The demo updater reads the notices the job made as at Dacorum's papers, opens one, and chooses how they are e-mailed.</summary>
public class NoticeTests(LiveApp app) : IClassFixture<LiveApp>
{
    [Fact]
    public async Task An_updater_reads_their_notices_opens_one_and_chooses_a_digest()
    {
        // No e-mail server here: the notices are made and listed only.
        var report = await NoticeJob.RunOnceAsync(app.Database.Target, new NoticeSender(new Mailer(new EmailSettings(null, 587, "starttls", null, null, "Steward <s@x.example>", null))),
            TimeProvider.System, "browser-test", NullLogger.Instance);
        report!.Made.ShouldBeGreaterThan(0);

        var updater = await app.SignedInAsync("updater@dacorum.example");
        var link = updater.Locator("header a[href='/notices']");
        (await link.InnerTextAsync()).ShouldMatch(@"^Notices \(\d+\+? new\)$");
        await link.ClickAsync();
        (await updater.Locator("h1").InnerTextAsync()).ShouldBe("Notices");
        await LiveApp.ScreenshotAsync(updater, "notices");
        await Accessibility.AssertNoSeriousViolationsAsync(updater);

        var first = updater.Locator(".steward-notice").First;
        var text = await first.Locator("p").First.InnerTextAsync();
        text.ShouldContain("result of");
        await first.Locator("h2 a").ClickAsync();
        updater.Url.ShouldContain("/results/");

        await updater.GotoAsync("/account");
        await updater.GetByRole(AriaRole.Link, new() { Name = "Notices by e-mail" }).ClickAsync();
        (await updater.Locator("h1").InnerTextAsync()).ShouldBe("Notices by e-mail");
        (await updater.Locator(".govuk-inset-text").InnerTextAsync()).ShouldContain("E-mail is not set up");
        await updater.GetByRole(AriaRole.Group, new() { Name = "A result is overdue" }).GetByLabel("Daily digest").CheckAsync();
        await updater.GetByRole(AriaRole.Group, new() { Name = "A result is due" }).GetByLabel("No e-mail").CheckAsync();
        await updater.GetByRole(AriaRole.Button, new() { Name = "Save your choices" }).ClickAsync();
        (await updater.Locator(".govuk-notification-banner").InnerTextAsync()).ShouldContain("Your choices are saved");
        (await updater.GetByRole(AriaRole.Group, new() { Name = "A result is overdue" }).GetByLabel("Daily digest").IsCheckedAsync()).ShouldBeTrue();
        await LiveApp.ScreenshotAsync(updater, "notices-by-email");
        await Accessibility.AssertNoSeriousViolationsAsync(updater);

        var visitor = await app.NewPageAsync();
        await visitor.GotoAsync("/sign-in");
        await visitor.GetByRole(AriaRole.Link, new() { Name = "Forgotten your password?" }).ClickAsync();
        (await visitor.Locator("main").InnerTextAsync()).ShouldContain("Ask your organisation's Steward administrator");
        await LiveApp.ScreenshotAsync(visitor, "forgotten-password");
        await Accessibility.AssertNoSeriousViolationsAsync(visitor);

        var officer = await app.SignedInAsync("officer@dacorum.example");
        await officer.GotoAsync("/manage/settings");
        (await officer.GetByLabel("Reminder before a due date").InputValueAsync()).ShouldBe("3");
        await officer.Locator("#reminder-days").ScrollIntoViewIfNeededAsync();
        await LiveApp.ScreenshotAsync(officer, "settings-notices");
    }
}
