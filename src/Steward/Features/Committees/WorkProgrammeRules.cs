using Steward.Domain;

namespace Steward.Features.Committees;

/// <summary>
/// The work programme's dates, as pure functions: a meeting's default report deadline, which items a lead officer is
/// reminded of, and which follow-up actions are overdue. Dates are the organisation's today (<see
/// cref="Organisations.Organisation.Today"/>).
/// </summary>
public static class WorkProgrammeRules
{
    /// <summary>
    /// Working days before a meeting that its reports are due to the clerk when the meeting names no deadline of its own:
    /// two working weeks, which leaves the clerk time to publish the agenda five clear working days before the meeting.
    /// </summary>
    public const int DefaultDeadlineWorkingDays = 10;

    /// <summary>Days before a report deadline from which the lead officer's home page reminds them of it.</summary>
    public const int ReminderDays = 28;

    /// <summary>The report deadline for a meeting on <paramref name="meeting"/>: <see cref="DefaultDeadlineWorkingDays"/> working days before it.</summary>
    public static DateOnly DefaultDeadline(DateOnly meeting, WorkingCalendar calendar) =>
        calendar.AddWorkingDays(meeting, -DefaultDeadlineWorkingDays);

    /// <summary>Whether an item still has to reach the clerk: planned or being drafted.</summary>
    public static bool Outstanding(ItemStatus status) => status is ItemStatus.Planned or ItemStatus.Drafting;

    /// <summary>
    /// Whether the lead officer is reminded of an item: it is outstanding, its meeting is not cancelled and has not
    /// been held (its date is today or later), and its report deadline is at most <see cref="ReminderDays"/> days away
    /// or already passed.
    /// </summary>
    public static bool Reminds(ItemStatus status, DateOnly deadline, DateOnly meeting, bool cancelled, DateOnly today) =>
        Outstanding(status) && !cancelled && meeting >= today && deadline.DayNumber - today.DayNumber <= ReminderDays;

    /// <summary>Whether an outstanding item has missed its report deadline (the deadline is before today).</summary>
    public static bool Late(ItemStatus status, DateOnly deadline, DateOnly today) => Outstanding(status) && deadline < today;

    /// <summary>
    /// Whether a follow-up action is overdue: still open after the meeting it was to report back to has been held (that
    /// meeting's date is before today). An action with no report-back meeting is never overdue.
    /// </summary>
    public static bool Overdue(FollowUpStatus status, DateOnly? reportBack, DateOnly today) =>
        status == FollowUpStatus.Open && reportBack is { } date && date < today;
}
