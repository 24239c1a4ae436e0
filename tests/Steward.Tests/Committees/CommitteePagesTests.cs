using System.Net;
using Microsoft.EntityFrameworkCore;
using Steward.Features.Accounts;
using Steward.Features.Committees;
using Steward.Features.Demo;
using Steward.Tests.Support;
using Steward.Tests.Web;

namespace Steward.Tests.Committees;

/// <summary>
/// Committees, meetings, the work programme and follow-up actions with the demo councils' committees (seeds 001 and 004),
/// as a performance officer, a lead officer, an action's owner and a councillor use them.
/// </summary>
public class CommitteePagesTests : IAsyncLifetime
{
    private readonly DemoSite _site = new();

    public Task InitializeAsync() => _site.InitializeAsync();
    public Task DisposeAsync() => _site.DisposeAsync();

    private async Task<Committee> CommitteeAsync(int organisation, string code)
    {
        await using var db = _site.Db.Open(organisation);
        return await db.Committees.SingleAsync(c => c.Code == code);
    }

    private async Task<Meeting> MeetingAsync(int organisation, string date)
    {
        await using var db = _site.Db.Open(organisation);
        var d = DateOnly.Parse(date);
        return await db.Meetings.Include(m => m.Items).SingleAsync(m => m.Date == d);
    }

    /// <summary>Gives a person of the papers a login (linked to them by name) and signs them in.</summary>
    private async Task<WebSession> SignInAsPersonAsync(string name, string email)
    {
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var org = await db.Organisations.SingleAsync(o => o.Id == _site.Dacorum);
            await AccountManager.GrantAsync(db, email, name, DemoData.Password, org, Role.Updater);
        }
        return await _site.As(email);
    }

    [Fact]
    public async Task Every_role_reads_the_work_programme_as_seed_001_prints_it_and_another_councils_committee_is_not_found()
    {
        var frosc = await CommitteeAsync(_site.Dacorum, "FROSC");
        var march = await MeetingAsync(_site.Dacorum, "2018-03-06");
        foreach (var role in new[] { "admin", "officer", "updater", "approver", "owner", "viewer" })
        {
            var session = await _site.As($"{role}@dacorum.example");
            var (list, listPage) = await session.GetAsync("/committees");
            list.StatusCode.ShouldBe(HttpStatusCode.OK, role);
            var row = listPage.QuerySelector("tbody tr")!.TextContent.Squash();
            row.ShouldBe("Finance and Resources Overview and Scrutiny Committee Cllr Herbert Chapman 6 March 2018 20 February 2018 1");

            var (detail, page) = await session.GetAsync($"/committees/{frosc.Id}");
            detail.StatusCode.ShouldBe(HttpStatusCode.OK, role);
            var rows = SummaryRows(page);
            rows.ShouldContain("Chair: Cllr Herbert Chapman");
            rows.ShouldContain("Vice-chair: Cllr Douris");
            rows.ShouldContain("Members: Cllr Adeleke, Cllr Armytage, Cllr Clark, Cllr E Collins, Cllr Fethney, Cllr Howard, Cllr McLean, Cllr Silwal, Cllr Taylor, Cllr Tindall");
            rows.ShouldContain("Clerk: Rebecca Twidle");
            rows.ShouldContain("Services: Performance and Projects");
            rows.ShouldContain("Risk registers: Performance and Projects");
            var coming = page.QuerySelectorAll("table").First(t => t.QuerySelector("caption")!.TextContent.Contains("Coming meetings"));
            coming.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("th a")!.TextContent).ShouldBe(
                ["6 March 2018", "5 June 2018", "3 July 2018", "4 September 2018", "2 October 2018", "6 November 2018"]);
            coming.QuerySelector("tbody tr")!.TextContent.Squash().ShouldContain("7.30pm, Conference Room 2, The Forum");
            coming.QuerySelectorAll("tbody tr")[1].TextContent.Squash().ShouldContain("21 May 2018 Action points from the previous meeting (Cllr Herbert Chapman) Planned");

            var (meeting, meetingPage) = await session.GetAsync($"/committees/meetings/{march.Id}");
            meeting.StatusCode.ShouldBe(HttpStatusCode.OK, role);
            meetingPage.QuerySelector("#items + table tbody")!.TextContent.Squash()
                .ShouldContain("Finance & Resources – Q3 Performance Report To follow Fiona Jump Drafting");
            (meetingPage.QuerySelector("form[action*=AddItem]") is not null).ShouldBe(role is "admin" or "officer", role);
        }
        var norfolk = await CommitteeAsync(_site.Norfolk, "DIE");
        var norfolkMeeting = await MeetingAsync(_site.Norfolk, "2017-11-08");
        foreach (var url in new[] { $"/committees/{norfolk.Id}", $"/committees/edit/{norfolk.Id}", $"/committees/meetings/{norfolkMeeting.Id}" })
        {
            var (r, page) = await (await _site.As("admin@dacorum.example")).GetAsync(url);
            r.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            page.Body!.TextContent.ShouldNotContain("Garrod");
        }
    }

    [Fact]
    public async Task Only_the_performance_team_changes_the_programme()
    {
        var frosc = await CommitteeAsync(_site.Dacorum, "FROSC");
        var march = await MeetingAsync(_site.Dacorum, "2018-03-06");
        foreach (var role in new[] { "updater", "approver", "owner", "viewer" })
        {
            var session = await _site.As($"{role}@dacorum.example");
            (await session.GetAsync("/committees/edit")).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, role);
            var token = await TokenAsync(session);
            var post = await session.Client.PostAsync($"/committees/{frosc.Id}?handler=AddMeeting", Form(token, ("Date", "2018-12-04")));
            post.StatusCode.ShouldBe(HttpStatusCode.Forbidden, role);
            post = await session.Client.PostAsync($"/committees/meetings/{march.Id}?handler=AddItem", Form(token, ("Title", "Mine"), ("Status", "1")));
            post.StatusCode.ShouldBe(HttpStatusCode.Forbidden, role);
        }
        await using var db = _site.Db.Open(_site.Dacorum);
        (await db.Meetings.CountAsync(m => m.CommitteeId == frosc.Id)).ShouldBe(6);
        (await db.WorkProgrammeItems.CountAsync(i => i.MeetingId == march.Id)).ShouldBe(5);
    }

    /// <summary>A page's summary lists as "Key: value" lines.</summary>
    private static List<string> SummaryRows(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".govuk-summary-list__row")
            .Select(r => $"{r.QuerySelector("dt")!.TextContent.Squash()}: {r.QuerySelector("dd")!.TextContent.Squash()}").ToList();

    /// <summary>An anti-forgery token for this session, from the sign-out form every signed-in person has.</summary>
    private static async Task<string> TokenAsync(WebSession session, string url = "/sign-out")
    {
        var (_, page) = await session.GetAsync(url);
        return page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token)));

    [Fact]
    public async Task A_performance_officer_adds_a_committee_and_a_meeting_and_bad_input_names_the_field()
    {
        var officer = await _site.As("officer@dacorum.example");
        var (_, form) = await officer.GetAsync("/committees/edit");
        var service = form.QuerySelectorAll("input[name=ServiceIds]").Single(i => i.ParentElement!.TextContent.Contains("Performance and Projects")).GetAttribute("value")!;
        var (bad, badPage) = await officer.SubmitAsync("/committees/edit", new Dictionary<string, string>
        {
            ["Name"] = "Finance and Resources Overview and Scrutiny Committee", ["Code"] = "bad code!", ["Members"] = "A (Chair)\nB (Chair)",
        });
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        Errors(badPage).ShouldBe([
            "There is already a committee called Finance and Resources Overview and Scrutiny Committee",
            "Enter a short code: letters, digits, '-' or '_', up to 32, for example FROSC", "Members: only one can be the chair"], ignoreOrder: true);

        var (added, _) = await officer.SubmitAsync("/committees/edit", new Dictionary<string, string>
        {
            ["Name"] = "Audit Committee", ["Code"] = "audit", ["Clerk"] = "Rebecca Twidle", ["Members"] = "Cllr Taylor (Chair)\nCllr Silwal", ["ServiceIds"] = service,
        });
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var url = added.Headers.Location!.OriginalString;
        var (_, page) = await officer.GetAsync(url);
        SummaryRows(page).ShouldBe(["Code: AUDIT", "Chair: Cllr Taylor", "Vice-chair: Not set", "Members: Cllr Silwal", "Clerk: Rebecca Twidle",
            "Services: Performance and Projects", "Themes: None", "Risk registers: None"], ignoreOrder: false);

        var (late, latePage) = await officer.SubmitAsync(url, new Dictionary<string, string> { ["Date"] = "2018-04-24", ["Deadline"] = "2018-04-25", ["Time"] = "7.30pm" },
            "form[action*=AddMeeting]");
        late.StatusCode.ShouldBe(HttpStatusCode.OK);
        Errors(latePage).ShouldBe([
            "Enter the start time as HH:MM on the 24-hour clock, for example 19:30", "The report deadline must be on or before the meeting's date"], ignoreOrder: true);
        var (ok, _) = await officer.SubmitAsync(url, new Dictionary<string, string> { ["Date"] = "2018-04-24", ["Time"] = "19:30", ["Venue"] = "The Forum" },
            "form[action*=AddMeeting]");
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = _site.Db.Open(_site.Dacorum);
        var meeting = await db.Meetings.SingleAsync(m => m.Committee!.Code == "AUDIT");
        // Ten working days before Tuesday 24 April 2018.
        (meeting.ReportDeadline, meeting.Time, meeting.Venue).ShouldBe((new DateOnly(2018, 4, 10), new TimeOnly(19, 30), "The Forum"));
        (await db.AuditLog.AnyAsync(a => a.EntityType == nameof(Meeting) && a.Action == "create" && a.Actor == "officer@dacorum.example")).ShouldBeTrue();
    }

    [Fact]
    public async Task Two_people_editing_one_committee_do_not_overwrite_each_other()
    {
        var frosc = await CommitteeAsync(_site.Dacorum, "FROSC");
        var admin = await _site.As("admin@dacorum.example");
        var officer = await _site.As("officer@dacorum.example");
        var url = $"/committees/edit/{frosc.Id}";
        var (_, adminForm) = await admin.GetAsync(url);
        var (_, officerForm) = await officer.GetAsync(url);
        string Members(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector("textarea[name=Members]")!.TextContent;
        var fields = (string members) => new Dictionary<string, string>
        {
            ["Name"] = frosc.Name, ["Code"] = frosc.Code, ["Clerk"] = "Rebecca Twidle", ["Members"] = members,
        };
        var first = await admin.Client.PostAsync(url, Form(adminForm.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            [.. fields(Members(adminForm) + "\nCllr Anderson").Select(kv => (kv.Key, kv.Value)), ("Version", "0")]));
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var second = await officer.Client.PostAsync(url, Form(officerForm.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            [.. fields(Members(officerForm) + "\nCllr Brown").Select(kv => (kv.Key, kv.Value)), ("Version", "0")]));
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await second.Content.ReadAsStringAsync());
        refused.QuerySelector(".govuk-error-summary")!.TextContent.ShouldContain("Someone else changed this committee after you opened it");
        // Only the members changed: the committee's entry says which, so the officer sees Cllr Anderson before saving again.
        refused.QuerySelector("#their-changes")!.TextContent.Squash().ShouldContain("Added committee member Cllr Anderson");
        await using var db = _site.Db.Open(_site.Dacorum);
        var names = await db.CommitteeMembers.Where(m => m.CommitteeId == frosc.Id).Select(m => m.Person!.Name).ToListAsync();
        names.ShouldContain("Cllr Anderson");
        names.ShouldNotContain("Cllr Brown");
    }

    [Fact]
    public async Task A_lead_officer_is_reminded_of_a_report_past_its_deadline_until_they_submit_it()
    {
        var march = await MeetingAsync(_site.Dacorum, "2018-03-06");
        var fiona = await SignInAsPersonAsync("Fiona Jump", "fiona.jump@dacorum.example");
        // 20 January: the deadline (20 February) is 31 days away.
        (await fiona.GetAsync("/")).Page.QuerySelector("main")!.TextContent.ShouldNotContain("Your committee reports");

        _site.Clock.Now = new DateTimeOffset(2018, 2, 26, 9, 0, 0, TimeSpan.Zero);
        fiona = await _site.Fresh("fiona.jump@dacorum.example");
        var (_, home) = await fiona.GetAsync("/");
        var reminders = home.QuerySelectorAll("h2").Single(h => h.TextContent == "Your committee reports").NextElementSibling!;
        reminders.TextContent.Squash().ShouldBe(
            "Finance & Resources – Q3 Performance Report for Finance and Resources Overview and Scrutiny Committee on 6 March 2018: " +
            "due to the clerk by 20 February 2018 Drafting Past deadline");
        (await (await _site.Fresh("officer@dacorum.example")).GetAsync("/")).Page.QuerySelector("main")!.TextContent.ShouldNotContain("Your committee reports");

        // Fiona may move her own report on, but not change someone else's.
        var item = march.Items.Single(i => i.Title.StartsWith("Finance & Resources"));
        var other = march.Items.Single(i => i.Title.StartsWith("Legal"));
        var token = await TokenAsync(fiona);
        (await fiona.Client.PostAsync($"/committees/meetings/{march.Id}?handler=Item&itemId={other.Id}",
            Form(token, ("Status", "1"), ("Version", other.Version.ToString())))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var (submitted, _) = await fiona.SubmitAsync($"/committees/meetings/{march.Id}", new Dictionary<string, string> { ["Status"] = "3" },
            $"form[action*='itemId={item.Id}']");
        submitted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await fiona.GetAsync("/")).Page.QuerySelector("main")!.TextContent.ShouldNotContain("Your committee reports");
        await using var db = _site.Db.Open(_site.Dacorum);
        (await db.WorkProgrammeItems.SingleAsync(i => i.Id == item.Id)).Status.ShouldBe(ItemStatus.Submitted);
        (await db.WorkProgrammeItems.SingleAsync(i => i.Id == other.Id)).Status.ShouldBe(ItemStatus.Submitted);
    }

    [Fact]
    public async Task A_follow_up_action_is_recorded_reported_on_by_its_owner_and_flagged_when_overdue()
    {
        var march = await MeetingAsync(_site.Dacorum, "2018-03-06");
        var june = await MeetingAsync(_site.Dacorum, "2018-06-05");
        var officer = await _site.As("officer@dacorum.example");
        var url = $"/committees/meetings/{march.Id}";
        var (bad, badPage) = await officer.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Kind"] = "99", ["IndicatorCode"] = "NOPE", ["RiskCode"] = "PP_R04", ["ReportBackMeetingId"] = march.Id.ToString(),
        }, "form[action*=AddAction]");
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        Errors(badPage).ShouldBe([
            "Enter what the committee asked for", "An action is about one indicator, one risk or one item: give only one",
            "There is no indicator with the code NOPE", "Choose a later meeting of this committee to report back to"], ignoreOrder: true);

        var (added, _) = await officer.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Kind"] = "4", ["Description"] = "Review long-term sickness absence", ["IndicatorCode"] = "hr04b", ["Owner"] = "Fiona Jump",
            ["ReportBackMeetingId"] = june.Id.ToString(),
        }, "form[action*=AddAction]");
        added.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var fiona = await SignInAsPersonAsync("Fiona Jump", "fiona.jump@dacorum.example");
        var (_, home) = await fiona.GetAsync("/");
        home.QuerySelector("main")!.TextContent.Squash().ShouldContain("1 committee follow-up action for you");
        var (_, list) = await fiona.GetAsync("/committees");
        var yours = list.QuerySelector("#yours tbody")!.TextContent.Squash();
        yours.ShouldBe("Refer to a task and finish group: Review long-term sickness absence HR04b " +
                       (await IndicatorNameAsync("HR04b")) + " Fiona Jump 6 March 2018 5 June 2018 Open");

        // After the June meeting it is overdue, until its owner reports it done.
        _site.Clock.Now = new DateTimeOffset(2018, 6, 6, 9, 0, 0, TimeSpan.Zero);
        fiona = await _site.Fresh("fiona.jump@dacorum.example");
        (await fiona.GetAsync("/committees")).Page.QuerySelector("#yours tbody")!.TextContent.ShouldContain("Overdue");
        var action = await ActionAsync();
        var (done, _) = await fiona.SubmitAsync($"/committees/meetings/{june.Id}",
            new Dictionary<string, string> { ["ActionStatus"] = "2", ["Progress"] = "Task and finish group met on 17 May" }, $"form[action*='actionId={action.Id}']");
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        action = await ActionAsync();
        (action.Status, action.Progress, action.CompletedOn).ShouldBe((FollowUpStatus.Done, "Task and finish group met on 17 May", new DateOnly(2018, 6, 6)));
        (await fiona.GetAsync("/")).Page.QuerySelector("main")!.TextContent.ShouldNotContain("follow-up action");

        async Task<FollowUpAction> ActionAsync()
        {
            await using var db = _site.Db.Open(_site.Dacorum);
            return await db.FollowUpActions.SingleAsync(a => a.Description == "Review long-term sickness absence");
        }
    }

    private static List<string> Errors(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".govuk-error-summary li").Select(li => li.TextContent.Squash()).ToList();

    private async Task<string> IndicatorNameAsync(string code)
    {
        await using var db = _site.Db.Open(_site.Dacorum);
        return (await db.Indicators.SingleAsync(i => i.Code == code)).Name;
    }

    [Fact]
    public async Task An_action_about_an_exempt_risk_does_not_name_it_to_someone_not_cleared()
    {
        var march = await MeetingAsync(_site.Dacorum, "2018-03-06");
        await using (var db = _site.Db.Open(_site.Dacorum))
        {
            var risk = await db.Risks.OrderBy(r => r.Id).FirstAsync();
            risk.Exempt = true;
            db.FollowUpActions.Add(new FollowUpAction { MeetingId = march.Id, Kind = StandardAction.ReferToLeadershipTeam, RiskId = risk.Id });
            await db.SaveChangesAsync();
            var (_, officerPage) = await (await _site.As("officer@dacorum.example")).GetAsync($"/committees/meetings/{march.Id}");
            officerPage.QuerySelector("#actions ~ table tbody")!.TextContent.ShouldContain(risk.Title);
            var (_, viewerPage) = await (await _site.As("viewer@dacorum.example")).GetAsync($"/committees/meetings/{march.Id}");
            var row = viewerPage.QuerySelector("#actions ~ table tbody")!.TextContent;
            row.ShouldContain("An exempt risk");
            row.ShouldNotContain(risk.Title);
            row.ShouldNotContain(risk.Code);
        }
    }
}
