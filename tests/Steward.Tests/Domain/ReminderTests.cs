using Steward.Domain;

namespace Steward.Tests.Domain;

/// <summary>
/// When reminders fall, on England and Wales working days: Dacorum's monthly results are due 10 working days after the
/// month ends, so November 2017's on 14 December 2017 and December 2017's, over Christmas, on 15 January 2018.
/// </summary>
public class ReminderTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.EnglandAndWales();

    [Theory]
    [InlineData("2017-12-14", "2017-12-08", 3, ReminderStage.NotYet)]
    [InlineData("2017-12-14", "2017-12-11", 3, ReminderStage.Due)] // three working days before
    [InlineData("2017-12-14", "2017-12-14", 3, ReminderStage.Due)] // the due date itself is not late
    [InlineData("2017-12-14", "2017-12-15", 3, ReminderStage.Overdue)]
    [InlineData("2018-01-15", "2018-01-09", 3, ReminderStage.NotYet)]
    [InlineData("2018-01-15", "2018-01-10", 3, ReminderStage.Due)]
    [InlineData("2018-01-02", "2017-12-27", 3, ReminderStage.Due)] // back over Christmas and Boxing Day and New Year's Day
    [InlineData("2018-01-02", "2017-12-22", 3, ReminderStage.NotYet)]
    [InlineData("2017-12-14", "2017-12-14", 0, ReminderStage.Due)] // no reminder days: on the day only
    [InlineData("2017-12-14", "2017-12-13", 0, ReminderStage.NotYet)]
    public void Stage_of_a_due_date(string due, string today, int reminderDays, ReminderStage expected) =>
        Reminders.Stage(DateOnly.Parse(due), DateOnly.Parse(today), Calendar, reminderDays).ShouldBe(expected);

    [Theory]
    [InlineData("2017-12-14", "2017-12-20", 5, false)]
    [InlineData("2017-12-14", "2017-12-21", 5, true)] // the fifth working day after
    [InlineData("2017-12-21", "2017-12-29", 5, false)] // 25, 26 December are not working days
    [InlineData("2017-12-21", "2018-01-02", 5, true)]
    [InlineData("2017-12-14", "2017-12-14", 0, false)] // not yet overdue: never escalated
    [InlineData("2017-12-14", "2017-12-15", 0, true)]
    public void Escalation_after_a_due_date(string due, string today, int escalationDays, bool expected) =>
        Reminders.Escalated(DateOnly.Parse(due), DateOnly.Parse(today), Calendar, escalationDays).ShouldBe(expected);

    [Fact]
    public void The_window_ends_the_reminder_days_ahead_in_working_days() =>
        Reminders.WindowEnd(new DateOnly(2017, 12, 21), Calendar, 3).ShouldBe(new DateOnly(2017, 12, 28));
}
