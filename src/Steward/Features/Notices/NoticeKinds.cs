namespace Steward.Features.Notices;

/// <summary>The words for each kind of notice and delivery, and which kinds may not be turned off.</summary>
public static class NoticeKinds
{
    /// <summary>Every kind in the order the preferences page lists them: title, who receives it and when.</summary>
    public static readonly IReadOnlyList<(NoticeKind Kind, string Title, string When)> All =
    [
        (NoticeKind.Returned, "Returned to you",
            "When an approver returns, with a comment, a result you submitted or enter, or a risk review you submitted."),
        (NoticeKind.AwaitingApproval, "Awaiting your approval",
            "When a result of an indicator you approve, or a review of a risk you sign off, is submitted."),
        (NoticeKind.ReturnDue, "A result is due",
            "To an indicator's updaters, the council's reminder days (working days) before a result's due date."),
        (NoticeKind.ReturnOverdue, "A result is overdue",
            "To an indicator's updaters, the day after a result's due date passes without a submission."),
        (NoticeKind.ReturnEscalated, "A result you approve is still overdue",
            "To an indicator's approvers, when a result is still not submitted the council's escalation days (working days) after its due date."),
        (NoticeKind.ReviewDue, "A risk review is due",
            "To a risk's owner and reviewers, the council's reminder days (working days) before its next review date."),
        (NoticeKind.ReviewOverdue, "A risk review is overdue",
            "To a risk's owner and reviewers, the day after its next review date passes."),
        (NoticeKind.ReportDeadline, "A committee report deadline",
            "To the lead officer of a report on a committee's work programme, the council's reminder days (working days) before the meeting's report deadline, if the report is not yet submitted."),
        (NoticeKind.FollowUpDue, "A follow-up action reports back",
            "To a follow-up action's owner, the council's reminder days (working days) before the report deadline of the meeting it reports back to, while it is open."),
        (NoticeKind.HighlightDue, "A highlight report is due",
            "To a project's manager, the council's reminder days (working days) before last month's highlight report is due (the due date of a monthly result)."),
        (NoticeKind.HighlightOverdue, "A highlight report is overdue",
            "To a project's manager, the day after last month's highlight report was due without being submitted."),
    ];

    /// <summary>Notices that cannot be turned off: they may only be gathered into the daily digest.</summary>
    public static bool IsMandatory(NoticeKind kind) => kind is NoticeKind.Returned or NoticeKind.AwaitingApproval;

    public static string Title(NoticeKind kind) => All.First(k => k.Kind == kind).Title;

    /// <summary>The choices a person has for <paramref name="kind"/>: immediate and digest, and none unless it is mandatory.</summary>
    public static IEnumerable<NoticeDelivery> Choices(NoticeKind kind) =>
        IsMandatory(kind) ? [NoticeDelivery.Immediate, NoticeDelivery.Digest] : [NoticeDelivery.Immediate, NoticeDelivery.Digest, NoticeDelivery.None];

    public static string Name(NoticeDelivery delivery) => delivery switch
    {
        NoticeDelivery.Immediate => "E-mail each one",
        NoticeDelivery.Digest => "Daily digest",
        _ => "No e-mail",
    };

    /// <summary>The form value of a delivery ("immediate", "digest", "none").</summary>
    public static string Value(NoticeDelivery delivery) => delivery.ToString().ToLowerInvariant();

    /// <summary>The delivery a person chose, made allowable: a mandatory kind asked to be turned off is digested.</summary>
    public static NoticeDelivery Allowed(NoticeKind kind, NoticeDelivery chosen) =>
        chosen == NoticeDelivery.None && IsMandatory(kind) ? NoticeDelivery.Digest : chosen;
}
