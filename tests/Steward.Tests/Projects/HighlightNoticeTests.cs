using Microsoft.EntityFrameworkCore;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Notices;
using Steward.Features.Projects;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Projects;

/// <summary>Notices of highlight reports: due and overdue to the manager, submitted to the sponsor, returned to the manager (Norfolk's SCSR-01).</summary>
public class HighlightNoticeTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();
    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private async Task<Dictionary<string, int>> AccountsAsync()
    {
        await using var db = _site.Db.Open(_site.Norfolk);
        return await db.Accounts.Where(a => a.NormalisedEmail.EndsWith("@norfolk.example")).ToDictionaryAsync(a => a.NormalisedEmail.Split('@')[0], a => a.Id);
    }

    [Fact]
    public async Task Last_month_s_report_not_submitted_is_due_then_overdue_to_the_manager_only()
    {
        var accounts = await AccountsAsync();
        await using var db = _site.Db.Open(_site.Norfolk);
        var org = await db.Organisations.SingleAsync(o => o.Id == _site.Norfolk);
        var calendar = await DueResults.CalendarAsync(db, org);
        var due = calendar.DueDate(new Period(2017, 12), org.DueDays(Frequency.Monthly));

        // The day it is due: a reminder; the day after: overdue; made once each.
        await NoticeScan.RunAsync(db, org, due, DateTime.UtcNow);
        await NoticeScan.RunAsync(db, org, due.AddDays(1), DateTime.UtcNow);
        await NoticeScan.RunAsync(db, org, due.AddDays(2), DateTime.UtcNow);
        var notices = await db.Notices.Where(n => n.Kind == NoticeKind.HighlightDue || n.Kind == NoticeKind.HighlightOverdue).OrderBy(n => n.Id).ToListAsync();
        notices.Select(n => (n.AccountId, n.Kind)).ShouldBe([(accounts["updater"], NoticeKind.HighlightDue), (accounts["updater"], NoticeKind.HighlightOverdue)]);
        var id = (await db.Projects.SingleAsync(p => p.Code == "SCSR-01")).Id;
        notices[1].Text.ShouldBe($"The Dec 2017 highlight report of SCSR-01 Replace CareFirst with Liquidlogic and ContrOCC was due on {Steward.Common.Show.Date(due)} and has not been submitted.");
        notices[1].Link.ShouldBe($"/projects/{id}/reports/2017-12");
    }

    [Fact]
    public async Task A_submitted_report_tells_the_sponsor_and_a_returned_one_the_manager()
    {
        var accounts = await AccountsAsync();
        await using var db = _site.Db.Open(_site.Norfolk);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Code == "SCSR-01");
        var manager = new Actor("updater@norfolk.example", IsUpdater: true, IsApprover: false, IsPerformanceOfficer: false);
        var form = new HighlightForm("green", null, "green", null, "green", null, "green", null, "green", null, null, null, null, null, null);
        (await HighlightEntry.EnterAsync(db, project, new Period(2017, 12), form, ApprovalAction.Submit, manager, null, DateTime.UtcNow, new DateOnly(2018, 1, 20))).Succeeded.ShouldBeTrue();
        var awaiting = await db.Notices.SingleAsync(n => n.Kind == NoticeKind.AwaitingApproval && n.Link == $"/projects/{project.Id}/reports/2017-12");
        awaiting.AccountId.ShouldBe(accounts["approver"]);
        awaiting.Text.ShouldBe("Demo updater submitted the Dec 2017 highlight report of SCSR-01 Replace CareFirst with Liquidlogic and ContrOCC for your approval.");

        var report = await db.HighlightReports.SingleAsync(h => h.ProjectId == project.Id && h.Period == new Period(2017, 12));
        var sponsor = new Actor("approver@norfolk.example", IsUpdater: false, IsApprover: true, IsPerformanceOfficer: false);
        (await HighlightEntry.DecideAsync(db, report, ApprovalAction.Return, sponsor, "Give the Children's forecast.", report.Version, DateTime.UtcNow)).Succeeded.ShouldBeTrue();
        var returned = await db.Notices.SingleAsync(n => n.Kind == NoticeKind.Returned);
        returned.AccountId.ShouldBe(accounts["updater"]);
        returned.Text.ShouldBe("The Dec 2017 highlight report of SCSR-01 Replace CareFirst with Liquidlogic and ContrOCC was returned with a comment: correct it and submit it again.");
        returned.Text.ShouldNotContain("Children's forecast", customMessage: "notices never quote comments");
    }
}
