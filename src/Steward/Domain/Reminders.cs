namespace Steward.Domain;

/// <summary>Where something with a due date is, for its reminders.</summary>
public enum ReminderStage
{
    /// <summary>Not yet in the reminder window.</summary>
    NotYet,
    /// <summary>In the reminder window: from the given working days before the due date up to the due date itself.</summary>
    Due,
    /// <summary>The due date has passed.</summary>
    Overdue,
}

/// <summary>
/// When reminders are made, as pure rules over a council's working calendar: a reminder the council's reminder days
/// (working days) before a due date, overdue the day after it, and an escalation once the escalation days (working days)
/// after it have come. A due date is met on the day itself.
/// </summary>
public static class Reminders
{
    /// <summary>The stage of something due on <paramref name="due"/> as at <paramref name="today"/>; <paramref name="reminderDays"/> ≥ 0.</summary>
    public static ReminderStage Stage(DateOnly due, DateOnly today, WorkingCalendar calendar, int reminderDays) =>
        today > due ? ReminderStage.Overdue
        : today >= calendar.AddWorkingDays(due, -reminderDays) ? ReminderStage.Due
        : ReminderStage.NotYet;

    /// <summary>Whether something due on <paramref name="due"/> and still not done is escalated as at <paramref name="today"/>: overdue, and on or after the <paramref name="escalationDays"/>th working day after the due date.</summary>
    public static bool Escalated(DateOnly due, DateOnly today, WorkingCalendar calendar, int escalationDays) =>
        today > due && today >= calendar.AddWorkingDays(due, escalationDays);

    /// <summary>The last day whose due things are in the reminder window as at <paramref name="today"/>: <paramref name="reminderDays"/> working days ahead.</summary>
    public static DateOnly WindowEnd(DateOnly today, WorkingCalendar calendar, int reminderDays) => calendar.AddWorkingDays(today, reminderDays);
}
