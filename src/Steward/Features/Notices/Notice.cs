using Steward.Data;

namespace Steward.Features.Notices;

/// <summary>What a notice tells its reader. Stored by name; shown through <see cref="NoticeKinds"/>.</summary>
public enum NoticeKind
{
    /// <summary>A result is due in the council's reminder window (n working days before its due date).</summary>
    ReturnDue = 1,
    /// <summary>A result's due date has passed without a submission.</summary>
    ReturnOverdue = 2,
    /// <summary>To an indicator's approvers: a result still overdue n working days after its due date.</summary>
    ReturnEscalated = 3,
    /// <summary>A result or risk review the reader submitted (or enters) was returned with a comment. Mandatory.</summary>
    Returned = 4,
    /// <summary>A result or risk review was submitted for the reader's approval or sign-off. Mandatory.</summary>
    AwaitingApproval = 5,
    /// <summary>A risk's review is due in the reminder window.</summary>
    ReviewDue = 6,
    /// <summary>A risk's next review date has passed.</summary>
    ReviewOverdue = 7,
    /// <summary>A committee report the reader leads is due to the clerk in the reminder window.</summary>
    ReportDeadline = 8,
    /// <summary>A follow-up action the reader owns reports back to a meeting whose report deadline is in the reminder window.</summary>
    FollowUpDue = 9,
    /// <summary>To a project's manager: last month's highlight report is due in the reminder window.</summary>
    HighlightDue = 10,
    /// <summary>To a project's manager: last month's highlight report's due date has passed without a submission.</summary>
    HighlightOverdue = 11,
}

/// <summary>How a person wants a kind of notice e-mailed. Every notice is listed in the app whatever the choice.</summary>
public enum NoticeDelivery
{
    /// <summary>An e-mail for each notice, within minutes.</summary>
    Immediate = 1,
    /// <summary>One e-mail a day gathering the day's notices.</summary>
    Digest = 2,
    /// <summary>No e-mail (not allowed for mandatory kinds).</summary>
    None = 3,
}

/// <summary>Where a notice's e-mail is.</summary>
public enum NoticeEmail
{
    /// <summary>Waiting for the next run of the sender (immediate) or for the day's digest.</summary>
    Pending = 0,
    Sent = 1,
    /// <summary>Not e-mailed: the reader chose none or left the council, the server refused it or may have taken it when the connection failed, or it went stale waiting.</summary>
    NotSent = 2,
}

/// <summary>
/// One notice to one account in one council: what is due and a link to it, never the content itself (no exempt
/// information, no comments typed by anyone). Made once: its <see cref="Key"/> (the kind, the thing and its due date) is
/// unique per reader. Not audit-logged: notices are made by Steward from audited data.
/// </summary>
public class Notice : IOrganisationOwned
{
    public long Id { get; set; }
    public int OrganisationId { get; set; }

    /// <summary>The reader.</summary>
    public int AccountId { get; set; }

    public NoticeKind Kind { get; set; }

    /// <summary>
    /// What it is about (and, for reminders, when it is due), e.g. "return-due:412:2017-09:20171013" or
    /// "return-overdue:412:2017-09"; unique per (council, reader).
    /// </summary>
    public required string Key { get; set; }

    /// <summary>One or two plain sentences: what is due, and by when.</summary>
    public required string Text { get; set; }

    /// <summary>The page to open, relative to the site ("/indicators/412/results/2017-09").</summary>
    public required string Link { get; set; }

    /// <summary>When the thing is due (the result's due date, the review date, the report deadline), if it has one.</summary>
    public DateOnly? DueDate { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When the reader opened it (through the list or the e-mail's link); null while unread. UTC.</summary>
    public DateTime? ReadAt { get; set; }

    public NoticeEmail Email { get; set; }

    /// <summary>When it was e-mailed (alone or in a digest); UTC.</summary>
    public DateTime? EmailedAt { get; set; }

    /// <summary>Runs whose sending failed before this notice's e-mail was tried (it is tried again until it is stale).</summary>
    public int EmailAttempts { get; set; }
}

/// <summary>A person's choice of e-mail for one kind of notice; kinds without a row are e-mailed at once.</summary>
public class NoticePreference
{
    public int Id { get; set; }
    public int AccountId { get; set; }
    public NoticeKind Kind { get; set; }
    public NoticeDelivery Delivery { get; set; }
}

/// <summary>
/// A lease on a job shared by every app server on one database: whoever holds an unexpired lease runs the job; the
/// others skip their turn. Taken with a conditional update, so two servers cannot both hold it.
/// </summary>
public class JobLease
{
    /// <summary>The job's name ("notices").</summary>
    public required string Name { get; set; }

    /// <summary>The app server holding it (a random id per process).</summary>
    public required string Holder { get; set; }

    /// <summary>UTC; after this anyone may take it.</summary>
    public DateTime ExpiresAt { get; set; }
}
