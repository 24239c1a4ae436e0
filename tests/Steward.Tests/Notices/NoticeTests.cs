using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Committees;
using Steward.Features.Indicators;
using Steward.Features.Notices;
using Steward.Features.Organisations;
using Steward.Features.Risks;
using Steward.Tests.Support;

namespace Steward.Tests.Notices;

/// <summary>
/// Notices made and e-mailed by the notices job, through a real SMTP server on 127.0.0.1. A small council as at Tuesday
/// 12 December 2017, 9am: its monthly results are due 10 working days after the month ends (November's on 14 December,
/// October's on 14 November, escalated to approvers on 21 November); one risk is due for review on 13 December and an
/// exempt one was due on 1 December; the Finance and Resources OSC's January meeting takes reports by 14 December and a
/// follow-up action agreed in November reports back to it.
/// </summary>
public class NoticeTests : IAsyncLifetime
{
    public const string Password = "Notices are sent once 2017";
    private static readonly DateTimeOffset Tuesday = new(2017, 12, 12, 9, 0, 0, TimeSpan.Zero);

    private TestDatabase _db = null!;
    private readonly SmtpListener _smtp = new();
    private readonly FixedClock _clock = new(Tuesday);
    private int _org;
    private readonly Dictionary<string, int> _accounts = [];
    private int _indicator;
    private int _exemptRisk;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using var db = _db.Open();
        var org = new Organisation { Code = "TBC", Name = "Test Borough Council", CreatedAt = DateTime.UtcNow, TwoFactor = TwoFactorRequirement.NoOne };
        db.Organisations.Add(org);
        await db.SaveChangesAsync();
        _org = org.Id;
        db.UseOrganisation(_org);
        var people = new Dictionary<string, Person>();
        foreach (var (name, role) in new[]
                 {
                     ("updater", Role.Updater), ("approver", Role.Approver), ("owner", Role.RiskOwner), ("lead", Role.PerformanceOfficer),
                     ("admin", Role.Administrator), ("left", Role.Updater),
                 })
        {
            var account = await AccountManager.GrantAsync(db, $"{name}@test.example", $"{char.ToUpperInvariant(name[0])}{name[1..]} Person", Password, org, role);
            people[name] = await AccountManager.EnsurePersonAsync(db, account, _org);
            _accounts[name] = account.Id;
        }
        (await db.Accounts.SingleAsync(a => a.Id == _accounts["left"])).DeactivatedAt = DateTime.UtcNow;

        var indicator = new Indicator
        {
            Code = "CSU02", CodeKey = "CSU02", Name = "Percentage of calls answered", Frequency = Frequency.Monthly, Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter, FirstPeriod = new Period(2017, 10),
        };
        db.Indicators.Add(indicator);
        await db.SaveChangesAsync();
        _indicator = indicator.Id;
        foreach (var (who, role) in new[] { ("updater", AssignmentRole.Updater), ("left", AssignmentRole.Updater), ("approver", AssignmentRole.Approver) })
            db.Assignments.Add(new Assignment { IndicatorId = indicator.Id, PersonId = people[who].Id, Role = role });

        var register = new RiskRegister { Name = "Corporate" };
        db.RiskRegisters.Add(register);
        db.Risks.Add(new Risk { Code = "CR01", CodeKey = "CR01", Title = "Housing stock condition", Register = register, OwnerId = people["owner"].Id, NextReviewDate = new DateOnly(2017, 12, 13) });
        var exempt = new Risk
        {
            Code = "CR02", CodeKey = "CR02", Title = "Payroll supplier insolvency", Register = register, Exempt = true, NextReviewDate = new DateOnly(2017, 12, 1),
        };
        db.Risks.Add(exempt);
        db.Risks.Add(new Risk { Code = "CR03", CodeKey = "CR03", Title = "Closed risk", Register = register, Closed = true, OwnerId = people["owner"].Id, NextReviewDate = new DateOnly(2017, 12, 1) });
        await db.SaveChangesAsync();
        _exemptRisk = exempt.Id;
        db.RiskAssignments.Add(new RiskAssignment { RiskId = exempt.Id, PersonId = people["owner"].Id, Role = RiskRole.Reviewer });
        db.RiskAssignments.Add(new RiskAssignment { RiskId = exempt.Id, PersonId = people["approver"].Id, Role = RiskRole.Approver });

        var committee = new Committee { Code = "FROSC", Name = "Finance and Resources Overview and Scrutiny Committee" };
        db.Committees.Add(committee);
        var november = new Meeting { Committee = committee, Date = new DateOnly(2017, 11, 7), ReportDeadline = new DateOnly(2017, 10, 26) };
        var january = new Meeting { Committee = committee, Date = new DateOnly(2018, 1, 9), ReportDeadline = new DateOnly(2017, 12, 14) };
        db.Meetings.AddRange(november, january);
        db.WorkProgrammeItems.Add(new WorkProgrammeItem { Meeting = january, Title = "Quarter 2 Performance Report", LeadOfficerId = people["lead"].Id, Status = ItemStatus.Drafting });
        db.WorkProgrammeItems.Add(new WorkProgrammeItem { Meeting = january, Title = "Budget monitoring", LeadOfficerId = people["lead"].Id, Status = ItemStatus.Submitted });
        db.FollowUpActions.Add(new FollowUpAction
        {
            Meeting = november, Kind = StandardAction.Other, Description = "Report on the payroll supplier", OwnerId = people["lead"].Id, ReportBackMeeting = january,
        });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        _smtp.Dispose();
        await _db.DisposeAsync();
    }

    private NoticeSender Sender(EmailSettings? settings = null) => new(new Mailer(settings ?? _smtp.Settings));

    private Task<NoticeRunReport?> RunAsync(string holder = "server-a", NoticeSender? sender = null) =>
        NoticeJob.RunOnceAsync(_db.Target, sender ?? Sender(), _clock, holder, NullLogger.Instance);

    private async Task<List<Notice>> NoticesAsync()
    {
        await using var db = _db.Open(_org);
        return await db.Notices.OrderBy(n => n.Id).ToListAsync();
    }

    private string Email(string who) => $"{who}@test.example";

    private async Task SetPreferenceAsync(string who, NoticeKind kind, NoticeDelivery delivery)
    {
        await using var db = _db.Open(_org);
        db.NoticePreferences.Add(new NoticePreference { AccountId = _accounts[who], Kind = kind, Delivery = delivery });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Each_notice_is_made_once_for_the_right_person()
    {
        await using (var db = _db.Open(_org))
        {
            var org = await db.Organisations.SingleAsync(o => o.Id == _org);
            (await NoticeScan.RunAsync(db, org, new DateOnly(2017, 12, 12), Tuesday.UtcDateTime)).ShouldBe(7);
        }
        await using (var db = _db.Open(_org))
        {
            var org = await db.Organisations.SingleAsync(o => o.Id == _org);
            (await NoticeScan.RunAsync(db, org, new DateOnly(2017, 12, 12), Tuesday.UtcDateTime.AddMinutes(5))).ShouldBe(0, "a second run makes nothing new");
        }
        var notices = await NoticesAsync();
        var who = _accounts.ToDictionary(a => a.Value, a => a.Key);
        notices.Select(n => (who[n.AccountId], n.Kind)).OrderBy(x => x.Item1).ThenBy(x => x.Kind).ShouldBe(
        [
            ("approver", NoticeKind.ReturnEscalated),
            ("lead", NoticeKind.ReportDeadline), ("lead", NoticeKind.FollowUpDue),
            ("owner", NoticeKind.ReviewDue), ("owner", NoticeKind.ReviewOverdue),
            ("updater", NoticeKind.ReturnDue), ("updater", NoticeKind.ReturnOverdue),
        ]);
        var due = notices.Single(n => n.Kind == NoticeKind.ReturnDue);
        due.Text.ShouldBe("The Nov 2017 result of CSU02 Percentage of calls answered is due by 14 December 2017.");
        due.Link.ShouldBe($"/indicators/{_indicator}/results/2017-11");
        notices.Single(n => n.Kind == NoticeKind.ReturnOverdue).Text.ShouldBe(
            "The Oct 2017 result of CSU02 Percentage of calls answered was due on 14 November 2017 and has not been submitted.");
        notices.Single(n => n.Kind == NoticeKind.ReturnEscalated).DueDate.ShouldBe(new DateOnly(2017, 11, 14));
        notices.Single(n => n.Kind == NoticeKind.ReportDeadline).Text.ShouldBe(
            "Your report “Quarter 2 Performance Report” for Finance and Resources Overview and Scrutiny Committee on 9 January 2018 is due to the clerk by 14 December 2017.");
        // Risks by code, never title (an exempt one's is Part II); and the follow-up's own words are not repeated either.
        var exempt = notices.Single(n => n.Kind == NoticeKind.ReviewOverdue);
        exempt.Text.ShouldBe("The review of risk CR02 was due on 1 December 2017.");
        exempt.Link.ShouldBe($"/risks/{_exemptRisk}/review");
        notices.ShouldAllBe(n => !n.Text.Contains("Payroll") && !n.Text.Contains("payroll"));
    }

    [Fact]
    public async Task The_job_emails_each_notice_once_to_its_reader_with_its_link()
    {
        var report = await RunAsync();
        report!.Made.ShouldBe(7);
        report.Emailed.ShouldBe(7);
        var mail = _smtp.Received;
        mail.Count.ShouldBe(7);
        var notices = await NoticesAsync();
        notices.ShouldAllBe(n => n.Email == NoticeEmail.Sent && n.EmailedAt == Tuesday.UtcDateTime);
        foreach (var n in notices)
        {
            var to = _accounts.Single(a => a.Value == n.AccountId).Key;
            var message = mail.Single(m => m.Body.Contains($"https://steward.test/notices/{n.Id}\n") || m.Body.Contains($"https://steward.test/notices/{n.Id}\r\n"));
            message.To.ShouldBe(Email(to));
            message.Subject.ShouldBe($"{NoticeKinds.Title(n.Kind)} – Test Borough Council");
            message.Body.ShouldContain(n.Text);
        }

        // Run again, later: nothing new, nothing sent twice.
        _clock.Now = Tuesday.AddMinutes(5);
        (await RunAsync())!.Emailed.ShouldBe(0);
        _smtp.Received.Count.ShouldBe(7);
    }

    [Fact]
    public async Task Two_servers_at_once_send_each_notice_once()
    {
        // Two app servers' turns at the same moment: one holds the lease, the other does nothing.
        var runs = await Task.WhenAll(RunAsync("server-a"), RunAsync("server-b"));
        runs.Count(r => r is not null).ShouldBeGreaterThanOrEqualTo(1);
        _smtp.Received.Count.ShouldBe(7);

        // And should two senders ever run together (a lease that expired mid-run), each notice is claimed by one of them.
        _clock.Now = Tuesday.AddDays(1);
        await using (var db = _db.Open(_org))
        {
            db.Notices.Add(new Notice { AccountId = _accounts["updater"], Kind = NoticeKind.ReturnDue, Key = "extra", Text = "Another.", Link = "/", CreatedAt = Tuesday.UtcDateTime });
            await db.Notices.ExecuteUpdateAsync(u => u.SetProperty(n => n.Email, NoticeEmail.Pending));
            await db.SaveChangesAsync();
        }
        _smtp.Clear();
        async Task<NoticeRunReport> Send()
        {
            await using var db = _db.Open(_org);
            var org = await db.Organisations.SingleAsync(o => o.Id == _org);
            return await Sender().SendAsync(db, org, new DateOnly(2017, 12, 13), _clock.Now.UtcDateTime);
        }
        var both = await Task.WhenAll(Send(), Send());
        both.Sum(r => r.Emailed).ShouldBe(8);
        _smtp.Received.Count.ShouldBe(8);
        _smtp.Received.Select(m => m.Body).Distinct().Count().ShouldBe(8);
    }

    [Fact]
    public async Task A_digest_gathers_the_days_notices_into_one_email()
    {
        await SetPreferenceAsync("updater", NoticeKind.ReturnDue, NoticeDelivery.Digest);
        await SetPreferenceAsync("updater", NoticeKind.ReturnOverdue, NoticeDelivery.Digest);
        _clock.Now = new DateTimeOffset(2017, 12, 12, 6, 30, 0, TimeSpan.Zero); // before the 7am digest
        (await RunAsync())!.Made.ShouldBe(7);
        _smtp.Received.ShouldNotContain(m => m.To == Email("updater"));
        _smtp.Received.Count.ShouldBe(5);

        _clock.Now = new DateTimeOffset(2017, 12, 12, 7, 5, 0, TimeSpan.Zero);
        var report = await RunAsync();
        report!.Digests.ShouldBe(1);
        var digest = _smtp.Received.Single(m => m.To == Email("updater"));
        digest.Subject.ShouldBe("Your notices (2) – Test Borough Council");
        digest.Body.ShouldContain("The Nov 2017 result of CSU02 Percentage of calls answered is due by 14 December 2017.");
        digest.Body.ShouldContain("The Oct 2017 result of CSU02 Percentage of calls answered was due on 14 November 2017 and has not been submitted.");

        // The same day again: nothing more. A notice made after 7am waits for tomorrow's digest.
        await using (var db = _db.Open(_org))
        {
            db.Notices.Add(new Notice
            {
                AccountId = _accounts["updater"], Kind = NoticeKind.ReturnDue, Key = "later", Text = "Made after the digest.", Link = "/", CreatedAt = _clock.Now.UtcDateTime,
            });
            await db.SaveChangesAsync();
        }
        _clock.Now = new DateTimeOffset(2017, 12, 12, 15, 0, 0, TimeSpan.Zero);
        (await RunAsync())!.Emailed.ShouldBe(0);
        _clock.Now = new DateTimeOffset(2017, 12, 13, 7, 0, 0, TimeSpan.Zero);
        await RunAsync();
        _smtp.Received.Where(m => m.To == Email("updater")).Select(m => m.Subject).ShouldBe(["Your notices (2) – Test Borough Council", "Your notices (1) – Test Borough Council"], ignoreOrder: true);
    }

    [Fact]
    public async Task Opting_out_keeps_the_notice_in_the_app_but_mandatory_ones_are_only_digested()
    {
        await SetPreferenceAsync("updater", NoticeKind.ReturnOverdue, NoticeDelivery.None);
        await SetPreferenceAsync("approver", NoticeKind.AwaitingApproval, NoticeDelivery.None); // not allowed: taken as the digest
        await RunAsync();
        _smtp.Received.Where(m => m.To == Email("updater")).Select(m => m.Subject).ShouldBe(["A result is due – Test Borough Council"]);
        var overdue = (await NoticesAsync()).Single(n => n.Kind == NoticeKind.ReturnOverdue);
        overdue.Email.ShouldBe(NoticeEmail.NotSent);

        // A submission awaits the approver's approval: mandatory, so gathered into their digest rather than dropped.
        await SubmitAsync();
        _clock.Now = Tuesday.AddDays(1).AddHours(-1); // 8am the next day
        await RunAsync();
        var awaiting = (await NoticesAsync()).Single(n => n.Kind == NoticeKind.AwaitingApproval);
        awaiting.Email.ShouldBe(NoticeEmail.Sent);
        _smtp.Received.Single(m => m.To == Email("approver") && m.Subject.StartsWith("Your notices")).Body.ShouldContain(awaiting.Text);
    }

    private async Task SubmitAsync()
    {
        await using var db = _db.Open(_org, Email("updater"));
        var indicator = await db.Indicators.SingleAsync(i => i.Id == _indicator);
        var outcome = await ResultEntry.EnterAsync(db, indicator, new Period(2017, 11), new ResultForm("91.36", null, null, "Two vacancies filled"),
            ApprovalAction.Submit, new Actor(Email("updater"), true, false, false), null, _clock.Now.UtcDateTime, new DateOnly(2017, 12, 12));
        outcome.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Submitting_notifies_the_approver_and_returning_notifies_the_updater_without_the_comment()
    {
        await SubmitAsync();
        var awaiting = (await NoticesAsync()).ShouldHaveSingleItem();
        awaiting.Kind.ShouldBe(NoticeKind.AwaitingApproval);
        awaiting.AccountId.ShouldBe(_accounts["approver"]);
        awaiting.Text.ShouldBe("Updater Person submitted the Nov 2017 result of CSU02 Percentage of calls answered for your approval.");
        awaiting.Link.ShouldBe("/approvals");

        await using (var db = _db.Open(_org, Email("approver")))
        {
            var result = await db.Results.SingleAsync();
            var outcome = await ResultEntry.DecideAsync(db, result, ApprovalAction.Return, new Actor(Email("approver"), false, true, false),
                "The denominator includes the abandoned calls of the confidential helpline", result.Version, _clock.Now.UtcDateTime);
            outcome.Succeeded.ShouldBeTrue();
        }
        var returned = (await NoticesAsync()).Where(n => n.Kind == NoticeKind.Returned).ShouldHaveSingleItem();
        returned.AccountId.ShouldBe(_accounts["updater"], "the submitter and the indicator's active updaters, once each");
        returned.Link.ShouldBe($"/indicators/{_indicator}/results/2017-11");

        await RunAsync();
        var mail = _smtp.Received.Single(m => m.To == Email("updater") && m.Subject.StartsWith("Returned to you"));
        mail.Body.ShouldContain("The Nov 2017 result of CSU02 Percentage of calls answered was returned with a comment");
        _smtp.Received.ShouldAllBe(m => !m.Body.Contains("confidential") && !m.Body.Contains("vacancies"));
        // The November result is in the cycle again (returned), so it is still due: reminded as before.
        (await NoticesAsync()).Count(n => n.Kind == NoticeKind.ReturnDue).ShouldBe(1);
    }

    [Fact]
    public async Task A_risk_review_submitted_and_returned_notifies_the_approver_then_the_owner()
    {
        await using (var db = _db.Open(_org, Email("owner")))
        {
            // What RiskReviewEntry.SaveAsync does on submission, with the notices it makes saved alongside.
            var risk = await db.Risks.SingleAsync(r => r.Id == _exemptRisk);
            var review = db.RiskReviews.Add(new RiskReview
            {
                RiskId = risk.Id, ReviewDate = new DateOnly(2017, 12, 11), Status = ApprovalStatus.Submitted, SubmittedBy = Email("owner"), Commentary = "Supplier's accounts filed late",
            }).Entity;
            await Steward.Features.Notices.Notices.ForReviewAsync(db, risk, review, ApprovalAction.Submit, _clock.Now.UtcDateTime);
            await db.SaveChangesAsync();
        }
        var awaiting = (await NoticesAsync()).ShouldHaveSingleItem();
        (awaiting.Kind, awaiting.AccountId, awaiting.Link).ShouldBe((NoticeKind.AwaitingApproval, _accounts["approver"], "/risks/reviews"));
        awaiting.Text.ShouldBe("Owner Person submitted a review of risk CR02 for your sign-off.");

        await using (var db = _db.Open(_org, Email("approver")))
        {
            var review = await db.RiskReviews.Include(r => r.Risk).SingleAsync();
            var org = await db.Organisations.SingleAsync(o => o.Id == _org);
            (await RiskReviewEntry.DecideAsync(db, org, review, ApprovalAction.Return, new Actor(Email("approver"), false, true, false), "Say which supplier", review.Version,
                _clock.Now.UtcDateTime)).Succeeded.ShouldBeTrue();
        }
        var returned = (await NoticesAsync()).Where(n => n.Kind == NoticeKind.Returned).ShouldHaveSingleItem();
        returned.AccountId.ShouldBe(_accounts["owner"]);
        returned.Text.ShouldBe("The review of risk CR02 was returned with a comment: correct it and submit it again.");
    }

    [Fact]
    public async Task Without_an_email_server_notices_are_listed_and_wait_for_one_until_stale()
    {
        var report = await RunAsync(sender: Sender(_smtp.Settings with { Host = null }));
        report!.Made.ShouldBe(7);
        report.Emailed.ShouldBe(0);
        _smtp.Received.ShouldBeEmpty();
        (await NoticesAsync()).ShouldAllBe(n => n.Email == NoticeEmail.Pending);

        // A server set up the next day: they go then. Two days on, they would no longer (stale).
        _clock.Now = Tuesday.AddDays(1);
        await using (var db = _db.Open(_org))
            await db.Notices.Where(n => n.Kind == NoticeKind.ReportDeadline).ExecuteUpdateAsync(u => u.SetProperty(n => n.CreatedAt, Tuesday.UtcDateTime.AddDays(-2)));
        var later = await RunAsync();
        later!.Emailed.ShouldBe(6);
        later.NotSent.ShouldBe(1);
        (await NoticesAsync()).Single(n => n.Kind == NoticeKind.ReportDeadline).Email.ShouldBe(NoticeEmail.NotSent);
    }

    [Fact]
    public async Task People_removed_from_the_council_are_no_longer_told()
    {
        await RunAsync(sender: Sender(_smtp.Settings with { Host = null })); // made, waiting for e-mail
        await using (var db = _db.Open(_org))
            await db.Memberships.Where(m => m.AccountId == _accounts["lead"]).ExecuteUpdateAsync(u => u.SetProperty(m => m.Roles, Role.None));
        var report = await RunAsync();
        _smtp.Received.ShouldNotContain(m => m.To == Email("lead"), "notices made before the removal are not e-mailed after it");
        report!.NotSent.ShouldBe(2);
        // Words never outgrow their column, whatever the names in them.
        var cut = Steward.Features.Notices.Notices.Each([1], NoticeKind.ReportDeadline, "k", new string('x', 700), "/").Single().Text;
        cut.Length.ShouldBe(Steward.Features.Notices.Notices.MaxText);
        cut.ShouldEndWith("…");

        // And nothing new is made for them.
        _clock.Now = Tuesday.AddDays(3);
        await RunAsync();
        (await NoticesAsync()).Where(n => n.AccountId == _accounts["lead"]).Count().ShouldBe(2);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_tried_again_on_the_next_run()
    {
        var closed = _smtp.Settings with { Port = 1 };
        var report = await RunAsync(sender: Sender(closed));
        report!.Failed.ShouldBe(1);
        (await NoticesAsync()).ShouldAllBe(n => n.Email == NoticeEmail.Pending && n.EmailAttempts == 1);
        _clock.Now = Tuesday.AddMinutes(5);
        (await RunAsync())!.Emailed.ShouldBe(7);
        _smtp.Received.Count.ShouldBe(7);
    }

    private StewardWebFactory Web(EmailSettings? settings = null) => new(_db, _clock, s => s.AddSingleton(new Mailer(settings ?? _smtp.Settings)));

    [Fact]
    public async Task A_person_reads_their_notices_and_opens_one_from_its_email_link_in_whichever_council()
    {
        await RunAsync();
        // The updater also works for a second council, which has a notice for them too.
        int second;
        long elsewhere;
        await using (var db = _db.Open())
        {
            var other = new Organisation { Code = "SBC", Name = "Second Borough Council", CreatedAt = DateTime.UtcNow, TwoFactor = TwoFactorRequirement.NoOne };
            db.Organisations.Add(other);
            await db.SaveChangesAsync();
            second = other.Id;
            await AccountManager.GrantAsync(db, Email("updater"), null, null, other, Role.Updater);
            db.UseOrganisation(second);
            var notice = db.Notices.Add(new Notice { AccountId = _accounts["updater"], Kind = NoticeKind.ReturnDue, Key = "sbc", Text = "Second council's result.", Link = "/my-indicators", CreatedAt = Tuesday.UtcDateTime }).Entity;
            await db.SaveChangesAsync();
            elsewhere = notice.Id;
        }

        await using var web = Web();
        using var updater = web.Session();
        await updater.SignInOkAsync(Email("updater"), Password);
        await updater.PostFormAsync("/organisation", (await updater.GetAsync("/organisation")).Page, "main form", ("Organisation", _org.ToString()));
        (await updater.GetAsync("/")).Page.QuerySelector("header a[href='/notices']")!.TextContent.ShouldBe("Notices (2 new)");
        var (_, list) = await updater.GetAsync("/notices");
        list.QuerySelectorAll(".steward-notice").Select(n => n.QuerySelector("p")!.TextContent).ShouldBe(
        [
            "The Nov 2017 result of CSU02 Percentage of calls answered is due by 14 December 2017.",
            "The Oct 2017 result of CSU02 Percentage of calls answered was due on 14 November 2017 and has not been submitted.",
        ], ignoreOrder: true);
        list.QuerySelectorAll(".steward-notice--unread").Length.ShouldBe(2);

        // The e-mail's link: marks the notice read and goes to what it is about.
        var notices = await NoticesAsync();
        var due = notices.Single(n => n.Kind == NoticeKind.ReturnDue);
        var open = await updater.Client.GetAsync($"/notices/{due.Id}");
        open.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        open.Headers.Location!.OriginalString.ShouldBe($"/indicators/{_indicator}/results/2017-11");
        (await NoticesAsync()).Single(n => n.Id == due.Id).ReadAt.ShouldBe(Tuesday.UtcDateTime);
        (await updater.GetAsync("/notices")).Page.QuerySelector("header a[href='/notices']")!.TextContent.ShouldBe("Notices (1 new)");

        // Someone else's notice is not found; one in the person's other council switches to it.
        (await updater.Client.GetAsync($"/notices/{notices.First(n => n.AccountId != _accounts["updater"]).Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var switched = await updater.Client.GetAsync($"/notices/{elsewhere}");
        switched.Headers.Location!.OriginalString.ShouldBe("/my-indicators");
        (await updater.GetAsync("/my-indicators")).Page.QuerySelector("header")!.TextContent.ShouldContain("Second Borough Council");

        // Back in the first council, everything marked read at once.
        await updater.PostFormAsync("/organisation", (await updater.GetAsync("/organisation")).Page, "main form", ("Organisation", _org.ToString()));
        var (_, page) = await updater.GetAsync("/notices");
        var read = await updater.PostFormAsync("/notices", page, "main form");
        read.Headers.Location!.OriginalString.ShouldBe("/notices?read=true");
        (await updater.GetAsync("/notices")).Page.QuerySelector("header a[href='/notices']")!.TextContent.ShouldBe("Notices");
    }

    [Fact]
    public async Task A_person_chooses_how_each_kind_is_emailed_and_cannot_turn_off_the_mandatory_ones()
    {
        await using var web = Web();
        using var approver = web.Session();
        await approver.SignInOkAsync(Email("approver"), Password);
        var (_, form) = await approver.GetAsync("/account/notices");
        form.QuerySelectorAll("main fieldset").Length.ShouldBe(NoticeKinds.All.Count);
        form.QuerySelector($"input[name='{PreferencesModel.Field(NoticeKind.AwaitingApproval)}'][value='none']").ShouldBeNull();
        form.QuerySelector($"input[name='{PreferencesModel.Field(NoticeKind.ReturnEscalated)}'][value='none']").ShouldNotBeNull();

        (string, string)[] Choices(NoticeKind mandatory, string choice) =>
            NoticeKinds.All.Select(k => (PreferencesModel.Field(k.Kind), k.Kind == mandatory ? choice : k.Kind == NoticeKind.ReturnEscalated ? "none" : "immediate")).ToArray();
        var refused = await approver.PostFormAsync("/account/notices", form, "main form", Choices(NoticeKind.AwaitingApproval, "none"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        new HtmlParser().ParseDocument(await refused.Content.ReadAsStringAsync()).QuerySelector(".govuk-error-summary")!.TextContent
            .ShouldContain("“Awaiting your approval”: it cannot be turned off");

        var saved = await approver.PostFormAsync("/account/notices", form, "main form", Choices(NoticeKind.AwaitingApproval, "digest"));
        saved.Headers.Location!.OriginalString.ShouldBe("/account/notices?saved=true");
        await using (var db = _db.Open())
            (await db.NoticePreferences.Where(p => p.AccountId == _accounts["approver"]).OrderBy(p => p.Kind).Select(p => new { p.Kind, p.Delivery }).ToListAsync())
                .Select(p => (p.Kind, p.Delivery)).ShouldBe([(NoticeKind.ReturnEscalated, NoticeDelivery.None), (NoticeKind.AwaitingApproval, NoticeDelivery.Digest)], ignoreOrder: true);
        var (_, again) = await approver.GetAsync("/account/notices");
        again.QuerySelector($"input[name='{PreferencesModel.Field(NoticeKind.ReturnEscalated)}'][value='none']")!.HasAttribute("checked").ShouldBeTrue();

        // The escalation is made and listed, but not e-mailed.
        await RunAsync();
        _smtp.Received.ShouldNotContain(m => m.To == Email("approver"));
        (await NoticesAsync()).Single(n => n.Kind == NoticeKind.ReturnEscalated).Email.ShouldBe(NoticeEmail.NotSent);
    }

    [Fact]
    public async Task An_invitation_goes_by_email_when_a_server_is_set_up()
    {
        await using var web = Web();
        using var admin = web.Session();
        await admin.SignInOkAsync(Email("admin"), Password);
        var (_, form) = await admin.GetAsync("/manage/people/invite");
        var invited = await admin.PostFormAsync("/manage/people/invite", form, "main form", ("Email", "fiona.jump@test.example"), ("Name", "Fiona Jump"), ("Roles", "updater"));
        var page = new HtmlParser().ParseDocument(await invited.Content.ReadAsStringAsync());
        page.QuerySelector("#one-time-link")!.TextContent.Squash().ShouldContain("E-mailed to fiona.jump@test.example. It works once, until 19 December 2017, 9:00am.");
        page.QuerySelector("#one-time-link code").ShouldBeNull("the link went to the person, not to the administrator's screen");

        var mail = _smtp.Received.ShouldHaveSingleItem();
        mail.To.ShouldBe("fiona.jump@test.example");
        mail.Subject.ShouldBe("You are invited to Steward – Test Borough Council");
        var link = mail.Body.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("https://steward.test/set-password?token="));
        using var fiona = web.Session();
        (await fiona.GetAsync(new Uri(link).PathAndQuery)).Page.QuerySelector("h1")!.TextContent.ShouldBe("Create your password");

        // No server reachable: the administrator is given the link to pass on, as without e-mail.
        await using var down = Web(_smtp.Settings with { Port = 1 });
        using var admin2 = down.Session();
        await admin2.SignInOkAsync(Email("admin"), Password);
        var (_, form2) = await admin2.GetAsync("/manage/people/invite");
        var shown = new HtmlParser().ParseDocument(await (await admin2.PostFormAsync("/manage/people/invite", form2, "main form",
            ("Email", "gary.lane@test.example"), ("Name", "Gary Lane"), ("Roles", "viewer"))).Content.ReadAsStringAsync());
        shown.QuerySelector("#one-time-link code")!.TextContent.ShouldStartWith("https://steward.test/set-password?token=");
    }

    [Fact]
    public async Task Two_app_servers_running_the_job_every_half_second_send_each_notice_once()
    {
        var settings = new Dictionary<string, string> { ["Steward:Notices:IntervalMinutes"] = "0.008" };
        await using var one = new StewardWebFactory(_db, _clock, s => s.AddSingleton(new NoticeSender(_smtp.Mailer)), settings);
        await using var two = new StewardWebFactory(_db, _clock, s => s.AddSingleton(new NoticeSender(_smtp.Mailer)), settings);
        one.CreateClient().Dispose(); // starts the servers, and with them their notices jobs
        two.CreateClient().Dispose();
        for (var waited = 0; waited < 200 && _smtp.Received.Count < 7; waited++) await Task.Delay(100);
        await Task.Delay(2000); // several more turns of each server
        _smtp.Received.Count.ShouldBe(7);
        (await NoticesAsync()).ShouldAllBe(n => n.Email == NoticeEmail.Sent);
    }

    [Fact]
    public async Task The_command_line_runs_the_job_once()
    {
        await using (var db = _db.Open())
            await db.Organisations.Where(o => o.Id == _org).ExecuteUpdateAsync(u => u.SetProperty(o => o.AsAt, new DateOnly(2017, 12, 12)));
        var settings = new Dictionary<string, string?>
        {
            ["Steward:Email:Host"] = "127.0.0.1", ["Steward:Email:Port"] = _smtp.Port.ToString(), ["Steward:Email:Security"] = "none",
            ["Steward:Email:From"] = "Performance team <performance@test.example>", ["Steward:SiteUrl"] = "https://steward.test/",
        };
        var run = await StewardCli.RunAsync(_db, settings, "notices", "run");
        run.ExitCode.ShouldBe(0, run.Err);
        run.Out.Trim().ShouldBe("Notices: 7 made, 7 e-mailed (0 in digests), 0 not e-mailed, 0 failed attempts.");
        _smtp.Received.Count.ShouldBe(7);
        _smtp.Received.ShouldAllBe(m => m.Body.Contains("https://steward.test/notices/"));
        (await StewardCli.RunAsync(_db, settings, "notices", "run")).Out.Trim().ShouldBe("Notices: 0 made, 0 e-mailed (0 in digests), 0 not e-mailed, 0 failed attempts.");

        var bad = await StewardCli.RunAsync(_db, new Dictionary<string, string?> { ["Steward:Email:Security"] = "ssl3" }, "notices", "run");
        bad.ExitCode.ShouldNotBe(0);
        bad.Err.ShouldContain("Steward:Email:Security must be starttls, tls or none, not 'ssl3'");
    }

    [Fact]
    public async Task A_long_digest_lists_the_first_fifty_and_links_to_the_rest()
    {
        await SetPreferenceAsync("owner", NoticeKind.ReviewDue, NoticeDelivery.Digest);
        await using (var db = _db.Open(_org))
        {
            for (var i = 1; i <= 60; i++)
                db.Notices.Add(new Notice
                {
                    AccountId = _accounts["owner"], Kind = NoticeKind.ReviewDue, Key = $"many:{i}", Text = $"Review {i:00} is due.", Link = "/risks/reviews",
                    CreatedAt = Tuesday.UtcDateTime.AddHours(-3),
                });
            await db.SaveChangesAsync();
        }
        _clock.Now = Tuesday.AddHours(-1); // 8am: after the day's digest time
        await RunAsync();
        var digest = _smtp.Received.Single(m => m.To == Email("owner") && m.Subject.StartsWith("Your notices"));
        digest.Subject.ShouldBe("Your notices (60) – Test Borough Council"); // the review due this run made waits for tomorrow
        digest.Body.ShouldContain("Review 01 is due.");
        digest.Body.ShouldNotContain("Review 60 is due.");
        digest.Body.ShouldContain("And 10 more: https://steward.test/notices");
    }

    [Fact]
    public async Task A_person_who_forgot_their_password_is_emailed_a_link_and_the_page_tells_no_one_who_has_an_account()
    {
        await using var web = Web();
        using var anyone = web.Session();
        async Task<string> AskAsync(string email)
        {
            var (_, form) = await anyone.GetAsync("/sign-in/forgotten-password");
            var answer = await anyone.PostFormAsync("/sign-in/forgotten-password", form, "main form", ("Email", email));
            answer.StatusCode.ShouldBe(HttpStatusCode.OK);
            return new HtmlParser().ParseDocument(await answer.Content.ReadAsStringAsync()).QuerySelector("main")!.TextContent.Squash();
        }
        (await anyone.GetAsync("/sign-in")).Page.QuerySelector("a[href='/sign-in/forgotten-password']")!.TextContent.ShouldBe("Forgotten your password?");

        var known = await AskAsync("Updater@test.example");
        var unknown = await AskAsync("nobody@test.example");
        known.ShouldContain("If Updater@test.example has a Steward account, we have sent it a link to choose a new password.");
        unknown.ShouldBe(known.Replace("Updater@test.example", "nobody@test.example"));
        var mail = _smtp.Received.ShouldHaveSingleItem();
        mail.To.ShouldBe(Email("updater"));
        mail.Subject.ShouldBe("Choose a new Steward password – Test Borough Council");
        var link = mail.Body.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("https://steward.test/set-password?token="));
        (await anyone.GetAsync(new Uri(link).PathAndQuery)).Response.StatusCode.ShouldBe(HttpStatusCode.OK);

        // Three requests a day for an address, then it waits: the answer does not change, the inbox is not flooded.
        await AskAsync(Email("updater"));
        await AskAsync(Email("updater"));
        (await AskAsync(Email("updater"))).ShouldContain("we have sent it a link");
        _smtp.Received.Count.ShouldBe(3);
        // A removed account gets nothing.
        await AskAsync(Email("left"));
        _smtp.Received.Count.ShouldBe(3);
        await using var db = _db.Open();
        (await db.AuditLog.IgnoreQueryFilters().CountAsync(a => a.Action == "password-reset-link-requested")).ShouldBe(3);
    }

    [Theory]
    [InlineData("2018-06-12T06:30:00Z", "2018-06-12T06:00:00Z")] // British Summer Time: 7am is 6am UTC
    [InlineData("2018-06-12T05:59:00Z", "2018-06-11T06:00:00Z")]
    [InlineData("2017-12-12T07:00:00Z", "2017-12-12T07:00:00Z")] // Greenwich Mean Time
    [InlineData("2018-03-25T06:30:00Z", "2018-03-25T06:00:00Z")] // the clocks went forward at 1am that day
    [InlineData("2018-10-28T06:59:00Z", "2018-10-27T06:00:00Z")] // and back at 2am
    [InlineData("2018-10-28T07:00:00Z", "2018-10-28T07:00:00Z")]
    public void The_digest_goes_at_7am_uk_time(string now, string cutoff) =>
        Sender().DigestCutoff(DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal))
            .ShouldBe(DateTime.Parse(cutoff, null, System.Globalization.DateTimeStyles.AdjustToUniversal));

    [Fact]
    public async Task A_first_run_over_months_of_late_results_lists_them_but_emails_only_the_recent()
    {
        await using (var db = _db.Open(_org))
            await db.Indicators.Where(i => i.Id == _indicator).ExecuteUpdateAsync(u => u.SetProperty(i => i.FirstPeriod, new Period(2017, 4)));
        var report = await RunAsync();
        var notices = await NoticesAsync();
        notices.Count(n => n.Kind == NoticeKind.ReturnOverdue).ShouldBe(7); // April to October 2017
        // Due more than 30 days before today (April to September, due by 13 October): listed, not e-mailed.
        notices.Where(n => n.Kind == NoticeKind.ReturnOverdue && n.DueDate < new DateOnly(2017, 11, 12)).ShouldAllBe(n => n.Email == NoticeEmail.NotSent);
        notices.Single(n => n.Kind == NoticeKind.ReturnOverdue && n.DueDate == new DateOnly(2017, 11, 14)).Email.ShouldBe(NoticeEmail.Sent);
        _smtp.Received.Count(m => m.To == Email("updater")).ShouldBe(2);
        report!.NotSent.ShouldBe(12); // six overdue, six escalated
    }
}
