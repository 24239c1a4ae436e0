using System.Globalization;
using Steward.Domain;
using Steward.Features.Committees;
using Steward.Features.Indicators;
using Steward.Features.Risks;

namespace Steward.Common;

/// <summary>
/// The one display form of each kind of value, for pages and documents (files keep their machine forms: ISO dates,
/// YYYY-MM periods, lower-case words). GOV.UK style: "14 September 2017", "Sep 2017", "Q2 2017/18", "Green".
/// No enum name reaches a reader: every value that is shown goes through here.
/// </summary>
public static class Show
{
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>"14 September 2017"; empty for no date.</summary>
    public static string Date(DateOnly? date) => date is { } d ? d.ToString("d MMMM yyyy", EnGb) : "";

    /// <summary>A stored UTC time in UK time: "14 September 2017, 5:30pm"; empty for none.</summary>
    public static string DateTime(DateTime? utc)
    {
        if (utc is not { } u) return "";
        var uk = Web.UkTime.ToUk(u);
        return $"{uk.ToString("d MMMM yyyy", EnGb)}, {uk.ToString("h:mm", EnGb)}{(uk.Hour < 12 ? "am" : "pm")}";
    }

    /// <summary>A period as councils write it for the indicator's frequency: "Sep 2017", "Q2 2017/18", "2017/18".</summary>
    public static string Period(Period period, Frequency frequency) => period.Label(frequency);

    /// <summary>"Monthly", "Quarterly", "Annual".</summary>
    public static string Frequency(Frequency frequency) => frequency switch
    {
        Domain.Frequency.Monthly => "Monthly",
        Domain.Frequency.Quarterly => "Quarterly",
        _ => "Annual",
    };

    /// <summary>A month: "Sep 2017" (the reporting period, a dashboard column's full name).</summary>
    public static string Month(Period period) => period.Label(Domain.Frequency.Monthly);

    /// <summary>The background the pages give a cell of this rating (#rrggbb, the dashboard's tint), for spreadsheets; null for "Not rated".</summary>
    public static string? RagFill(Rag rag) => rag switch
    {
        Domain.Rag.Green => "#cfe4dc",
        Domain.Rag.Amber => "#fde4d7",
        Domain.Rag.Red => "#f4d7d7",
        _ => null,
    };

    /// <summary>A result's movement on the period before: "Improving", "Worsening", "No change" or "Not known".</summary>
    public static string Direction(Direction direction) => direction switch
    {
        Domain.Direction.Improving => "Improving",
        Domain.Direction.Worsening => "Worsening",
        Domain.Direction.Unchanged => "No change",
        _ => "Not known",
    };

    /// <summary>"Green", "Amber", "Red", or "Not rated" (info only, no target, or no data).</summary>
    public static string Rag(Rag rag) => rag == Domain.Rag.None ? "Not rated" : rag.Title();

    /// <summary>A band or prospects word as a label: its first letter in capitals ("Amber", "Very high").</summary>
    public static string Word(string? word) =>
        string.IsNullOrEmpty(word) ? "" : char.ToUpper(word[0], EnGb) + word[1..];

    public static string Adequacy(ControlAdequacy? adequacy) => adequacy switch
    {
        ControlAdequacy.Good => "Good",
        ControlAdequacy.Adequate => "Adequate",
        ControlAdequacy.Weak => "Weak",
        _ => "Not assessed",
    };

    /// <summary>"Stage 1", "Stage 2", "Ombudsman".</summary>
    public static string ComplaintStage(ComplaintStage stage) => stage switch
    {
        Domain.ComplaintStage.Stage1 => "Stage 1",
        Domain.ComplaintStage.Stage2 => "Stage 2",
        _ => "Ombudsman",
    };

    /// <summary>"Upheld", "Partly upheld", "Not upheld"; "Not decided" for none.</summary>
    public static string ComplaintOutcome(ComplaintOutcome? outcome) => outcome switch
    {
        Domain.ComplaintOutcome.Upheld => "Upheld",
        Domain.ComplaintOutcome.PartlyUpheld => "Partly upheld",
        Domain.ComplaintOutcome.NotUpheld => "Not upheld",
        _ => "Not decided",
    };

    /// <summary>What an indicator computed from the complaints log counts, in words.</summary>
    public static string ComplaintMeasure(ComplaintMeasure measure) => measure switch
    {
        Domain.ComplaintMeasure.Stage1InTime => "Stage 1 responses within the timescale",
        Domain.ComplaintMeasure.Stage2InTime => "Stage 2 responses within the timescale",
        Domain.ComplaintMeasure.EscalationRate => "Escalations to stage 2 per stage 1 response",
        Domain.ComplaintMeasure.Stage1ReceivedForService => "Stage 1 complaints received about its service",
        _ => "Stage 1 complaints received",
    };

    public static string Prospects(Prospects? prospects) => prospects is { } p ? p.Title() : "Not set";

    /// <summary>A risk score with its position: "3×4 = 12"; "Not scored" when blank.</summary>
    public static string Score(RiskScore? score) => score is { } s ? $"{s.Likelihood}×{s.Impact} = {s.Value}" : "Not scored";

    /// <summary>An indicator's value with its unit ("91.36%", "£1,280", "4.2 days"); "No data" for none (0 / 0).</summary>
    public static string Value(Indicator indicator, decimal? value) =>
        value is { } v ? Numbers.Display(v, indicator.Decimals, indicator.Unit) : "No data";

    /// <summary>
    /// The spreadsheet (Excel) number format that shows a stored value as <see cref="Value"/> does: the indicator's
    /// decimals, thousands grouped, and its unit ("98.36%" from 98.36, "£1,280.00", "4.20 days", "279.67 s").
    /// </summary>
    public static string SpreadsheetFormat(int decimals, Unit unit)
    {
        var n = decimals > 0 ? "#,##0." + new string('0', decimals) : "#,##0";
        return unit switch
        {
            Domain.Unit.Percent => n + "\"%\"",
            Domain.Unit.Currency => $"\"£\"{n};\"−£\"{n}",
            Domain.Unit.Days => n + "\" days\"",
            Domain.Unit.Seconds => n + "\" s\"",
            _ => n,
        };
    }

    /// <summary>An indicator's target at a period: the value, "Info only" for an indicator without targets, else "No target".</summary>
    public static string Target(Indicator indicator, decimal? target) =>
        indicator.InfoOnly ? "Info only" : target is { } t ? Numbers.Display(t, indicator.Decimals, indicator.Unit) : "No target";

    public static string Status(ApprovalStatus status) => status.Title();

    /// <summary>"Percent", "Days", "Currency (£)".</summary>
    public static string Unit(Unit unit) => unit switch
    {
        Domain.Unit.Percent => "Percent",
        Domain.Unit.Days => "Days",
        Domain.Unit.Seconds => "Seconds",
        Domain.Unit.Score => "Score",
        Domain.Unit.Currency => "Currency (£)",
        _ => "Number",
    };

    public static string Status(RiskActionStatus status) => status switch
    {
        RiskActionStatus.Open => "Open",
        RiskActionStatus.InProgress => "In progress",
        RiskActionStatus.Completed => "Completed",
        RiskActionStatus.Cancelled => "Cancelled",
        _ => "Open",
    };

    public static string Status(ActionStatus status) => status == ActionStatus.Done ? "Done" : "Open";

    /// <summary>A meeting's start time as council papers write it: "7.30pm", "10am"; empty for none.</summary>
    public static string Time(TimeOnly? time)
    {
        if (time is not { } t) return "";
        var hour = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
        return $"{hour}{(t.Minute == 0 ? "" : "." + t.Minute.ToString("00", EnGb))}{(t.Hour < 12 ? "am" : "pm")}";
    }

    /// <summary>"Chair", "Vice-chair", "Member".</summary>
    public static string Role(MemberRole role) => role switch
    {
        MemberRole.Chair => "Chair",
        MemberRole.ViceChair => "Vice-chair",
        _ => "Member",
    };

    public static string Status(ItemStatus status) => status switch
    {
        ItemStatus.Drafting => "Drafting",
        ItemStatus.Submitted => "Submitted",
        ItemStatus.Deferred => "Deferred",
        ItemStatus.Withdrawn => "Withdrawn",
        _ => "Planned",
    };

    public static string Status(FollowUpStatus status) => status == FollowUpStatus.Done ? "Done" : "Open";

    /// <summary>The standard follow-up action as committees word it (seed 004); "Other" for the committee's own words.</summary>
    public static string Action(StandardAction action) => action switch
    {
        StandardAction.ApproveActions => "Approve actions",
        StandardAction.AlternativeActions => "Identify alternative or additional actions",
        StandardAction.ReferToDepartmentalManagementTeam => "Refer to the departmental management team",
        StandardAction.ReferToTaskAndFinishGroup => "Refer to a task and finish group",
        StandardAction.ReferToLeadershipTeam => "Refer to the leadership team",
        StandardAction.ReferToPolicyAndResources => "Refer to the policy and resources committee",
        _ => "Other",
    };

    /// <summary>Money as the papers print it: "£1,272,500", "£1,250.50" (pence only when there are some); negatives in brackets, "(£987,000)"; empty for none.</summary>
    public static string Money(decimal? pounds)
    {
        if (pounds is not { } p) return "";
        var text = "£" + Math.Abs(p).ToString(decimal.Truncate(p) == p ? "N0" : "N2", EnGb);
        return p < 0 ? $"({text})" : text;
    }

    /// <summary>
    /// Pounds in millions to three places, as finance tables print them under a "£m" heading: 1272500 → "1.273",
    /// -47000 → "(0.047)", 0 → "0.000" (seed 004, Table 1). Rounded half away from zero.
    /// </summary>
    public static string Millions(decimal pounds) => InUnit(pounds, MoneyUnit.Millions);

    /// <summary>
    /// Pounds in the unit a council's finance tables use (<see cref="MoneyUnit"/>): £m to three places ("1.273") or £k
    /// whole ("1,273"), negatives in brackets as the papers print them, a figure that rounds to zero without them.
    /// </summary>
    public static string InUnit(decimal pounds, MoneyUnit unit)
    {
        var (divisor, places, format) = unit == MoneyUnit.Thousands ? (1_000m, 0, "N0") : (1_000_000m, 3, "N3");
        var rounded = Math.Round(Math.Abs(pounds) / divisor, places, MidpointRounding.AwayFromZero);
        var text = rounded.ToString(format, EnGb);
        return pounds < 0 && rounded != 0 ? $"({text})" : text;
    }

    /// <summary>An amount in a sentence, in that unit, without its sign: "£15.982m", "£157k" (the sentence says over or under).</summary>
    public static string Amount(decimal pounds, MoneyUnit unit) => $"£{InUnit(Math.Abs(pounds), unit)}{(unit == MoneyUnit.Thousands ? "k" : "m")}";

    /// <summary>The heading of a column of money in that unit: "£m" or "£k".</summary>
    public static string UnitHeading(MoneyUnit unit) => unit == MoneyUnit.Thousands ? "£k" : "£m";

    /// <summary>A forecast end against a baseline's: "On time", "12 days late", "3 days early"; "No forecast".</summary>
    public static string Slippage(int? daysLate) => daysLate switch
    {
        null => "No forecast",
        0 => "On time",
        > 0 and var d => $"{Count(d, "day")} late",
        var d => $"{Count(-d.Value, "day")} early",
    };

    /// <summary>A forecast cost against a baseline's budget: "£157,000 over (12.3%)", "£20,000 under (1.5%)", "On budget"; "No forecast".</summary>
    public static string BudgetVariance(decimal? over, decimal? percent) => over switch
    {
        null => "No forecast",
        0 => "On budget",
        var o => $"{Money(Math.Abs(o.Value))} {(o > 0 ? "over" : "under")}{(percent is { } pc ? $" ({Math.Abs(pc).ToString("0.0", EnGb)}%)" : "")}",
    };

    /// <summary>"Proposal", "Initiation", "Delivery", "Closure", "Closed".</summary>
    public static string Stage(ProjectStage stage) => stage switch
    {
        ProjectStage.Proposal => "Proposal",
        ProjectStage.Initiation => "Initiation",
        ProjectStage.Delivery => "Delivery",
        ProjectStage.Closure => "Closure",
        _ => "Closed",
    };

    /// <summary>"Met", "Not met", "Waived", "Not assessed".</summary>
    public static string Status(CriterionStatus status) => status switch
    {
        CriterionStatus.Met => "Met",
        CriterionStatus.NotMet => "Not met",
        CriterionStatus.Waived => "Waived",
        _ => "Not assessed",
    };

    /// <summary>"Awaiting decision", "Approved", "Rejected", "Withdrawn".</summary>
    public static string Status(ChangeStatus status) => status switch
    {
        ChangeStatus.Approved => "Approved",
        ChangeStatus.Rejected => "Rejected",
        ChangeStatus.Withdrawn => "Withdrawn",
        _ => "Awaiting decision",
    };

    /// <summary>A change's impact on the end date: "30 days later", "14 days earlier", "None".</summary>
    public static string TimeImpact(int? days) => days switch
    {
        null or 0 => "None",
        > 0 and var d => $"{Count(d, "day")} later",
        var d => $"{Count(-d.Value, "day")} earlier",
    };

    /// <summary>"Go", "No go", "Go on conditions".</summary>
    public static string Decision(GateDecisionKind decision) => decision switch
    {
        GateDecisionKind.Go => "Go",
        GateDecisionKind.NoGo => "No go",
        _ => "Go on conditions",
    };

    /// <summary>
    /// Where a milestone stands as at a report's month, from <see cref="MilestoneDates"/>: "On track", "Forecast 15 days
    /// late", "Overdue", "Achieved", "Achieved 11 days late".
    /// </summary>
    public static string Milestone(MilestoneDates dates, DateOnly asAt) => dates.StateAt(asAt) switch
    {
        MilestoneState.ForecastLate => $"Forecast {Count(dates.DaysLate, "day")} late",
        MilestoneState.Overdue => "Overdue",
        MilestoneState.Achieved => "Achieved",
        MilestoneState.AchievedLate => $"Achieved {Count(dates.DaysLate, "day")} late",
        _ => "On track",
    };

    /// <summary>How many of a thing: "1 risk", "3 risks", "No risks".</summary>
    public static string Count(int n, string singular, string? plural = null) =>
        n == 0 ? $"No {plural ?? singular + "s"}" : $"{n.ToString("N0", EnGb)} {(n == 1 ? singular : plural ?? singular + "s")}";
}
