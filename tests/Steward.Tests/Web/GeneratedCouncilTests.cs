using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Demo;
using Steward.Tests.Support;

namespace Steward.Tests.Web;

/// <summary>
/// `steward demo generate` makes a council whose money and complaints hold to the rules the imports enforce, whose exception
/// criteria for budget lines and corporate risks come into play, and which is the same for the same seed.
/// </summary>
public sealed class GeneratedCouncilTests
{
    private static readonly string[] Options = ["--indicators", "60", "--years", "2", "--risks", "40", "--links", "30", "--budget-lines", "60", "--complaints", "400", "--seed", "5"];

    [Fact]
    public async Task A_generated_council_has_committees_budget_monitoring_and_a_complaints_log_the_same_for_the_same_seed()
    {
        await using var one = await TestDatabase.CreateAsync();
        await using var two = await TestDatabase.CreateAsync();
        var run = await StewardCli.RunAsync(one, ["demo", "generate", .. Options]);
        run.ExitCode.ShouldBe(0, run.Err);
        run.Out.ShouldContain("60 budget lines (1,440 monthly forecasts)");
        run.Out.ShouldContain("800 complaints");
        (await StewardCli.RunAsync(two, ["demo", "generate", .. Options])).ExitCode.ShouldBe(0);
        (await DigestAsync(two)).ShouldBe(await DigestAsync(one), "the same seed generates the same council");

        var id = await OrgAsync(one);
        await using (var db = one.Open(id))
        {
            var org = await db.Organisations.SingleAsync(o => o.Id == id);
            (await db.Committees.CountAsync()).ShouldBe(5, "a committee for each directorate");
            // Every overspend past the council's threshold is explained, as the budget import requires.
            var forecasts = await db.BudgetForecasts.Select(f => new { f.Budget, f.Forecast, f.Commentary }).ToListAsync();
            forecasts.Where(f => f.Forecast - f.Budget > org.BudgetVarianceThreshold).ShouldNotBeEmpty();
            forecasts.Where(f => f.Forecast - f.Budget > org.BudgetVarianceThreshold).ShouldAllBe(f => f.Commentary != null);
            // An indicator is linked only to a line of its own service.
            (await db.IndicatorBudgetLinks.Select(l => new { a = l.Indicator!.ServiceId, b = (int?)l.Line!.ServiceId }).ToListAsync())
                .ShouldAllBe(l => l.a == l.b);
            // Complainants' details stay only within the retention period before the last generated month's end.
            var cutOff = GeneratorOptions.DefaultTo.EndDate.AddMonths(-org.ComplaintRetentionMonths);
            var complaints = await db.Complaints.Select(c => new { c.ComplainantName, c.AnonymisedOn, Last = c.Stages.Max(s => s.Responded), Open = c.Stages.Any(s => s.Responded == null) })
                .ToListAsync();
            complaints.ShouldAllBe(c => (c.AnonymisedOn == null) == (c.ComplainantName != null));
            complaints.Where(c => c.Open).ShouldAllBe(c => c.ComplainantName != null);
            complaints.ShouldContain(c => c.Open, "the last days' complaints are still open");
            (await db.ComplaintStages.CountAsync(s => s.Stage == ComplaintStage.Stage2)).ShouldBeGreaterThan(0, "some are escalated");
        }

        // The pages over it: finance for a committee, the complaints log, and the exception criteria that use the links.
        await using var web = new StewardWebFactory(one);
        var admin = web.Session();
        await admin.SignInOkAsync("admin@gen01.example", DemoData.Password);
        var (response, finance) = await admin.GetAsync("/finance?committee=AHC");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        finance.QuerySelector("main")!.TextContent.Squash().ShouldContain("Adults and Health Committee");
        (await admin.GetAsync("/complaints")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rag = await StewardCli.RunAsync(one, "export", "rag", "--org", "GEN01", "--period", GeneratorOptions.DefaultTo.ToString());
        rag.OutLines.ShouldContain(l => l.Contains("budget"), "a linked line's overspend makes an indicator exception budget");
        rag.OutLines.ShouldContain(l => l.Contains("corporate_risk"), "a risk on the corporate register assured by an indicator makes it exception corporate_risk");
    }

    private static async Task<int> OrgAsync(TestDatabase database)
    {
        await using var db = database.Open();
        return (await db.Organisations.SingleAsync(o => o.Code == "GEN01")).Id;
    }

    private static async Task<string> DigestAsync(TestDatabase database)
    {
        await using var db = database.Open(await OrgAsync(database));
        var lines = await db.BudgetLines.OrderBy(l => l.Id).Select(l => l.Name + "|" + l.Kind + "|" + l.Service!.Name).ToListAsync();
        var money = (await db.BudgetForecasts.Select(f => f.Forecast).ToListAsync()).Sum();
        var stages = await db.ComplaintStages.OrderBy(s => s.Id).Select(s => s.Complaint!.Reference + s.Stage + s.Received + s.Responded + s.Outcome).ToListAsync();
        return string.Join("\n", lines) + money + string.Join("\n", stages);
    }
}
