using Steward.Common;
using Steward.Domain;
using Steward.Features.Committees;

namespace Steward.Tests.Committees;

/// <summary>The work programme's dates and words, with the meetings of seeds 001 and 004.</summary>
public class WorkProgrammeRuleTests
{
    private static readonly WorkingCalendar England = WorkingCalendar.EnglandAndWales();

    [Theory]
    // Dacorum's Finance and Resources O&S, Tuesday 6 March 2018: ten working days before.
    [InlineData("2018-03-06", "2018-02-20")]
    // Norfolk's Digital Innovation and Efficiency Committee, Wednesday 8 November 2017 (its agenda was published on 31 October).
    [InlineData("2017-11-08", "2017-10-25")]
    // 5 June 2018: the spring bank holiday (28 May) is not a working day; the deadline falls in May, as seed 001's programme says.
    [InlineData("2018-06-05", "2018-05-21")]
    // A meeting after Christmas: Christmas Day, Boxing Day and New Year's Day are skipped.
    [InlineData("2019-01-08", "2018-12-20")]
    public void The_default_report_deadline_is_ten_working_days_before_the_meeting(string meeting, string deadline) =>
        WorkProgrammeRules.DefaultDeadline(DateOnly.Parse(meeting), England).ShouldBe(DateOnly.Parse(deadline));

    [Theory]
    // status, deadline, meeting, cancelled, today → reminded
    [InlineData(ItemStatus.Drafting, "2018-02-20", "2018-03-06", false, "2018-01-23", true)]   // 28 days before the deadline
    [InlineData(ItemStatus.Drafting, "2018-02-20", "2018-03-06", false, "2018-01-22", false)]  // 29 days before
    [InlineData(ItemStatus.Planned, "2018-02-20", "2018-03-06", false, "2018-02-26", true)]    // past the deadline, meeting to come
    [InlineData(ItemStatus.Planned, "2018-02-20", "2018-03-06", false, "2018-03-06", true)]    // the day of the meeting
    [InlineData(ItemStatus.Planned, "2018-02-20", "2018-03-06", false, "2018-03-07", false)]   // the meeting has been held
    [InlineData(ItemStatus.Submitted, "2018-02-20", "2018-03-06", false, "2018-02-19", false)] // already with the clerk
    [InlineData(ItemStatus.Deferred, "2018-02-20", "2018-03-06", false, "2018-02-19", false)]
    [InlineData(ItemStatus.Withdrawn, "2018-02-20", "2018-03-06", false, "2018-02-19", false)]
    [InlineData(ItemStatus.Drafting, "2018-02-20", "2018-03-06", true, "2018-02-19", false)]   // cancelled meeting
    public void A_lead_officer_is_reminded_of_outstanding_reports_from_28_days_before_the_deadline_until_the_meeting(
        ItemStatus status, string deadline, string meeting, bool cancelled, string today, bool reminded) =>
        WorkProgrammeRules.Reminds(status, DateOnly.Parse(deadline), DateOnly.Parse(meeting), cancelled, DateOnly.Parse(today)).ShouldBe(reminded);

    [Theory]
    [InlineData(ItemStatus.Drafting, "2018-02-20", "2018-02-20", false)]
    [InlineData(ItemStatus.Drafting, "2018-02-20", "2018-02-21", true)]
    [InlineData(ItemStatus.Submitted, "2018-02-20", "2018-02-21", false)]
    public void An_outstanding_report_is_late_the_day_after_its_deadline(ItemStatus status, string deadline, string today, bool late) =>
        WorkProgrammeRules.Late(status, DateOnly.Parse(deadline), DateOnly.Parse(today)).ShouldBe(late);

    [Theory]
    [InlineData(FollowUpStatus.Open, "2018-06-05", "2018-06-05", false)]  // reported back on the day
    [InlineData(FollowUpStatus.Open, "2018-06-05", "2018-06-06", true)]   // the meeting has been held and it is still open
    [InlineData(FollowUpStatus.Done, "2018-06-05", "2018-06-06", false)]
    [InlineData(FollowUpStatus.Open, null, "2030-01-01", false)]           // no meeting to report back to
    public void A_follow_up_action_is_overdue_once_its_report_back_meeting_has_passed(FollowUpStatus status, string? reportBack, string today, bool overdue) =>
        WorkProgrammeRules.Overdue(status, reportBack is null ? null : DateOnly.Parse(reportBack), DateOnly.Parse(today)).ShouldBe(overdue);

    [Theory]
    [InlineData("19:30", "7.30pm")]
    [InlineData("10:00", "10am")]
    [InlineData("12:00", "12pm")]
    [InlineData("00:15", "12.15am")]
    public void Meeting_times_are_written_as_council_papers_write_them(string time, string shown) =>
        Show.Time(TimeOnly.Parse(time)).ShouldBe(shown);

    [Fact]
    public void A_member_list_names_the_chair_and_vice_chair_in_brackets()
    {
        var (members, errors) = CommitteeStore.ParseMembers(
            "Cllr Herbert Chapman (Chair); Cllr Douris (Vice-Chairman)\nCllr Howard;  ; Mr T Garrod");
        errors.ShouldBeEmpty();
        members.ShouldBe([
            ("Cllr Herbert Chapman", MemberRole.Chair), ("Cllr Douris", MemberRole.ViceChair), ("Cllr Howard", MemberRole.Member), ("Mr T Garrod", MemberRole.Member),
        ]);
        CommitteeStore.ParseMembers("Mr T Garrod (Chairman); Mr D Bills (Vice-Chairman)").Members
            .ShouldBe([("Mr T Garrod", MemberRole.Chair), ("Mr D Bills", MemberRole.ViceChair)]);
    }

    [Fact]
    public void A_member_list_with_two_chairs_or_a_name_twice_is_refused_naming_the_entry()
    {
        CommitteeStore.ParseMembers("A (Chair); B (Chair)").Errors.ShouldBe(["Members: only one can be the chair"]);
        CommitteeStore.ParseMembers("Cllr Clark; cllr clark").Errors.ShouldBe(["Member 'cllr clark' is listed twice"]);
        CommitteeStore.ParseMembers("(Vice-chair)").Errors.ShouldBe(["Member '(Vice-chair)': give a name of 1 to 200 characters"]);
    }
}
