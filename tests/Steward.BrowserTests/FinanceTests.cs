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
    }
}
