using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Demo;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Tests.Support;

namespace Steward.Tests.Indicators;

/// <summary>The monthly/quarterly cycle: an updater enters and submits, an approver approves or returns.</summary>
public class ResultCycleTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private int _dacorum;
    private static readonly DateTime Now = new(2018, 1, 20, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now);
    private static readonly Period Q3 = new(2017, 12);
    private static readonly Actor Updater = new("updater@dacorum.example", true, false, false);
    private static readonly Actor Approver = new("approver@dacorum.example", false, true, false);

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await DemoData.LoadIfEmptyAsync(_db.Target);
        await using var db = _db.Open();
        _dacorum = (await db.Organisations.SingleAsync(o => o.Code == "DBC")).Id;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<(StewardDb Db, Indicator Indicator)> Open(string code, string actor)
    {
        var db = _db.Open(_dacorum, actor);
        return (db, await db.Indicators.SingleAsync(i => i.Code == code));
    }

    private async Task<Result> Current(string code)
    {
        await using var db = _db.Open(_dacorum);
        var id = (await db.Indicators.SingleAsync(i => i.Code == code)).Id;
        return await db.Results.SingleAsync(r => r.IndicatorId == id && r.Period == Q3);
    }

    private static ResultForm Form(string? value, string? num = null, string? den = null, string? comment = null) => new(value, num, den, comment);

    [Fact]
    public async Task Enter_submit_return_fix_and_approve()
    {
        var (db, csu11) = await Open("CSU11", Updater.Identity);
        await using (db)
        {
            db.Targets.Add(new Target { IndicatorId = csu11.Id, Period = Q3, Value = 20m });
            await db.SaveChangesAsync();
            var draft = await ResultEntry.EnterAsync(db, csu11, Q3, Form(null, "9000", "40000", "Vacancies filled in November"), ApprovalAction.SaveDraft, Updater, null, Now, Today);
            draft.Succeeded.ShouldBeTrue();
            draft.Result!.Status.ShouldBe(ApprovalStatus.Draft);
            draft.Result.Value.ShouldBe(22.5m);
            var submit = await ResultEntry.EnterAsync(db, csu11, Q3, Form(null, "9000", "40000", "Vacancies filled in November"), ApprovalAction.Submit, Updater, draft.Result.Version, Now, Today);
            submit.Result!.Status.ShouldBe(ApprovalStatus.Submitted);
            submit.Result.SubmittedBy.ShouldBe("updater@dacorum.example");
        }

        // Not approved yet: reports do not count it.
        await using (var check = _db.Open(_dacorum))
        {
            var org = await check.Organisations.SingleAsync(o => o.Id == _dacorum);
            (await Performance.AtAsync(check, org, Q3)).Single(s => s.Indicator.Code == "CSU11").Observation.Value.ShouldBeNull();
        }

        var submitted = await Current("CSU11");
        await using (var adb = _db.Open(_dacorum, Approver.Identity))
        {
            var result = await adb.Results.SingleAsync(r => r.Id == submitted.Id);
            var noReason = await ResultEntry.DecideAsync(adb, result, ApprovalAction.Return, Approver, "", result.Version, Now);
            noReason.Errors.Keys.ShouldBe(["comment"]);
            var returned = await ResultEntry.DecideAsync(adb, result, ApprovalAction.Return, Approver, "Check the denominator: calls offered, not answered", result.Version, Now);
            returned.Succeeded.ShouldBeTrue();
            returned.Result!.Status.ShouldBe(ApprovalStatus.Returned);
        }

        var back = await Current("CSU11");
        (db, csu11) = await Open("CSU11", Updater.Identity);
        await using (db)
        {
            var fixedUp = await ResultEntry.EnterAsync(db, csu11, Q3, Form(null, "9000", "41000", "Denominator corrected"), ApprovalAction.Submit, Updater, back.Version, Now, Today);
            fixedUp.Succeeded.ShouldBeTrue();
        }

        var resubmitted = await Current("CSU11");
        await using (var adb = _db.Open(_dacorum, Approver.Identity))
        {
            var result = await adb.Results.SingleAsync(r => r.Id == resubmitted.Id);
            var approved = await ResultEntry.DecideAsync(adb, result, ApprovalAction.Approve, Approver, "Agreed", result.Version, Now);
            approved.Succeeded.ShouldBeTrue();
            approved.Result!.ApprovedBy.ShouldBe("approver@dacorum.example");
        }

        await using (var check = _db.Open(_dacorum))
        {
            var org = await check.Organisations.SingleAsync(o => o.Id == _dacorum);
            var status = (await Performance.AtAsync(check, org, Q3)).Single(s => s.Indicator.Code == "CSU11");
            status.ValueText.ShouldBe("21.95"); // 9000 / 41000
            status.Rag.ShouldBe(Rag.Amber);
            var audit = await check.AuditLog.Where(a => a.EntityType == "Result" && a.Label == "result CSU11 2017-12").OrderBy(a => a.Id).ToListAsync();
            audit.Select(a => a.Actor).ShouldBe(["updater@dacorum.example", "updater@dacorum.example", "approver@dacorum.example", "updater@dacorum.example", "approver@dacorum.example"]);
            audit[0].Action.ShouldBe("create");
        }
    }

    [Fact]
    public async Task Nobody_approves_a_result_they_submitted()
    {
        var both = new Actor("both@dacorum.example", true, true, false);
        var (db, csu10) = await Open("CSU10", both.Identity);
        await using (db)
        {
            var r = await ResultEntry.EnterAsync(db, csu10, Q3, Form("200"), ApprovalAction.Submit, both, null, Now, Today);
            var decision = await ResultEntry.DecideAsync(db, r.Result!, ApprovalAction.Approve, both, null, r.Result!.Version, Now);
            decision.Errors[""].ShouldBe("You submitted this result, so someone else must approve it");
        }
        (await Current("CSU10")).Status.ShouldBe(ApprovalStatus.Submitted);
    }

    [Fact]
    public async Task Editing_an_approved_result_reopens_it_and_is_audited()
    {
        var (db, csu02) = await Open("CSU02", Updater.Identity);
        await using (db)
        {
            var approved = await db.Results.SingleAsync(r => r.IndicatorId == csu02.Id && r.Period == new Period(2017, 9));
            approved.Status.ShouldBe(ApprovalStatus.Approved);
            var edit = await ResultEntry.EnterAsync(db, csu02, new Period(2017, 9), Form(null, "15750", "16016", "Recount"), ApprovalAction.SaveDraft, Updater, approved.Version, Now, Today);
            edit.Succeeded.ShouldBeTrue(string.Join(";", edit.Errors.Values));
            edit.Result!.Status.ShouldBe(ApprovalStatus.Draft);
            edit.Result.ApprovedBy.ShouldBeNull();
        }
        await using var check = _db.Open(_dacorum);
        var entry = await check.AuditLog.Where(a => a.Label == "result CSU02 2017-09" && a.Action == "update").SingleAsync();
        entry.Actor.ShouldBe("updater@dacorum.example");
        entry.Changes!.ShouldContain("\"Status\":[\"Approved\",\"Draft\"]");
        var numerator = System.Text.Json.JsonDocument.Parse(entry.Changes!).RootElement.GetProperty("Numerator");
        (numerator[0].GetDecimal(), numerator[1].GetDecimal()).ShouldBe((15754m, 15750m));
        var org = await check.Organisations.SingleAsync(o => o.Id == _dacorum);
        // Re-opened: no longer counted until approved again.
        (await Performance.AtAsync(check, org, new Period(2017, 9))).Single(s => s.Indicator.Code == "CSU02").Observation.Value.ShouldBeNull();
    }

    [Fact]
    public async Task Concurrent_edits_never_silently_overwrite_each_other()
    {
        var (first, ind1) = await Open("ICT01", Updater.Identity);
        var (second, ind2) = await Open("ICT01", "colleague@dacorum.example");
        await using (first)
        await using (second)
        {
            var seen1 = await first.Results.SingleAsync(r => r.IndicatorId == ind1.Id && r.Period == new Period(2017, 9));
            var seen2 = await second.Results.SingleAsync(r => r.IndicatorId == ind2.Id && r.Period == new Period(2017, 9));
            var a = await ResultEntry.EnterAsync(first, ind1, new Period(2017, 9), Form(null, "2195", "2403", "first"), ApprovalAction.SaveDraft, Updater, seen1.Version, Now, Today);
            a.Succeeded.ShouldBeTrue();
            var b = await ResultEntry.EnterAsync(second, ind2, new Period(2017, 9), Form(null, "2000", "2403", "second"), ApprovalAction.SaveDraft,
                Updater with { Identity = "colleague@dacorum.example" }, seen2.Version, Now, Today);
            b.Conflict.ShouldBeTrue();
        }
        await using var check = _db.Open(_dacorum);
        var id = (await check.Indicators.SingleAsync(i => i.Code == "ICT01")).Id;
        (await check.Results.SingleAsync(r => r.IndicatorId == id && r.Period == new Period(2017, 9))).UpdaterComment.ShouldBe("first");
    }

    [Fact]
    public async Task The_version_check_holds_even_when_two_saves_race()
    {
        // Both read version N, both pass the early check; the database's concurrency token stops the second.
        var (first, ind1) = await Open("ICT02", Updater.Identity);
        var (second, ind2) = await Open("ICT02", Updater.Identity);
        await using (first)
        await using (second)
        {
            var r1 = await first.Results.SingleAsync(r => r.IndicatorId == ind1.Id && r.Period == new Period(2017, 9));
            var r2 = await second.Results.SingleAsync(r => r.IndicatorId == ind2.Id && r.Period == new Period(2017, 9));
            r1.UpdaterComment = "one";
            await first.SaveChangesAsync();
            r2.UpdaterComment = "two";
            await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        }
    }

    [Fact]
    public async Task Bad_entries_are_named_by_field()
    {
        var (db, hr05) = await Open("HR05", Updater.Identity);
        await using (db)
        {
            (await ResultEntry.EnterAsync(db, hr05, Q3, Form(""), ApprovalAction.Submit, Updater, null, Now, Today)).Errors["value"].ShouldBe("Enter a value, or a numerator and denominator");
            (await ResultEntry.EnterAsync(db, hr05, Q3, Form("1.2 days"), ApprovalAction.Submit, Updater, null, Now, Today)).Errors["value"].ShouldStartWith("The value must be a number");
            (await ResultEntry.EnterAsync(db, hr05, Q3, Form("0.9", "1783", "1966"), ApprovalAction.Submit, Updater, null, Now, Today)).Errors["value"].ShouldBe("0.9 disagrees with 1783 / 1966 = 0.91");
            (await ResultEntry.EnterAsync(db, hr05, Q3, Form(null, "5", "0"), ApprovalAction.Submit, Updater, null, Now, Today)).Errors["denominator"].ShouldBe("The denominator is 0 but the numerator is 5");
            (await ResultEntry.EnterAsync(db, hr05, new Period(2017, 11), Form("1"), ApprovalAction.Submit, Updater, null, Now, Today)).Errors["period"].ShouldStartWith("2017-11 does not end a quarter");
            (await ResultEntry.EnterAsync(db, hr05, new Period(2018, 3), Form("1"), ApprovalAction.Submit, Updater, null, Now, Today)).Errors["period"].ShouldBe("Q4 2017/18 has not ended yet");
            var viewer = new Actor("viewer@dacorum.example", false, false, false);
            (await ResultEntry.EnterAsync(db, hr05, Q3, Form("1"), ApprovalAction.Submit, viewer, null, Now, Today)).Errors[""].ShouldStartWith("Only the indicator's updaters");
        }
        await using var check = _db.Open(_dacorum);
        (await check.Results.CountAsync(r => r.Period == Q3)).ShouldBe(0);
    }

    [Fact]
    public async Task Due_and_overdue_follow_the_reporting_period_and_working_days()
    {
        await using var db = _db.Open(_dacorum, "officer@dacorum.example");
        var org = await db.Organisations.SingleAsync(o => o.Id == _dacorum);
        // At the demo's reporting period (Q2 2017/18) everything is in.
        (await DueResults.ListAsync(db, org, DateOnly.FromDateTime(Now))).ShouldBeEmpty();
        org.CurrentPeriod = Q3;
        await db.SaveChangesAsync();
        var due = await DueResults.ListAsync(db, org, new DateOnly(2018, 1, 10));
        due.Count.ShouldBe(17);
        due.ShouldAllBe(d => d.Period == Q3 && d.DueDate == new DateOnly(2018, 1, 22) && !d.Overdue); // 15 working days after 31 Dec
        due.First().Updaters.Select(p => p.Name).ShouldBe(["Demo updater"]);
        var late = await DueResults.ListAsync(db, org, new DateOnly(2018, 1, 23));
        late.ShouldAllBe(d => d.Overdue);
        // A submitted result is no longer due.
        var csu10 = await db.Indicators.SingleAsync(i => i.Code == "CSU10");
        await ResultEntry.EnterAsync(db, csu10, Q3, Form("200"), ApprovalAction.Submit, Updater, null, Now, Today);
        (await DueResults.ListAsync(db, org, DateOnly.FromDateTime(Now))).Count.ShouldBe(16);
    }
}
