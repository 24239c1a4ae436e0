using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;

namespace Steward.Features.Projects;

/// <summary>
/// What a project manager typed for a month's highlight report: RAGs as posted ("green"), the rest as text; the key
/// milestones' forecast and actual dates (YYYY-MM-DD, each optional) by milestone.
/// </summary>
public sealed record HighlightForm(
    string? Overall, string? OverallReason, string? Time, string? TimeReason, string? Cost, string? CostReason,
    string? Scope, string? ScopeReason, string? Quality, string? QualityReason,
    string? ForecastEnd, string? ForecastCost, string? Issues, string? Decisions, string? NextPeriod,
    IReadOnlyList<MilestoneEntry>? Milestones = null);

/// <summary>A milestone's dates as typed: <paramref name="MilestoneId"/> a milestone of the baseline in force, <paramref name="Name"/> its name for messages.</summary>
public sealed record MilestoneEntry(int MilestoneId, string? Forecast, string? Actual, string? Name = null)
{
    /// <summary>The form field of a milestone's forecast ("milestone-12-forecast") or actual date.</summary>
    public static string Field(int milestoneId, string which) => $"milestone-{milestoneId}-{which}";
}

/// <summary>
/// Writing, submitting, approving and returning a project's monthly highlight report: the project manager (or the
/// performance team) writes and submits it, the sponsor approves it or returns it with a comment, through the same
/// cycle as a result (<see cref="ApprovalWorkflow"/>); editing an approved report re-opens it.
/// </summary>
public static class HighlightEntry
{
    /// <summary>The five ratings a report gives, with their field names.</summary>
    public static readonly IReadOnlyList<(string Field, string Label)> Ratings =
        [("overall", "Overall"), ("time", "Time"), ("cost", "Cost"), ("scope", "Scope"), ("quality", "Quality")];

    public const string ConflictMessage = "Someone else changed this highlight report after you opened it, so your change was not saved";

    /// <summary>
    /// Who <paramref name="user"/> is for <paramref name="project"/>: its manager enters (holding the updater role), its
    /// sponsor approves (holding the approver role), the performance team enters; being named on a project without the
    /// role gives nothing, as for indicators and risks.
    /// </summary>
    public static Actor ActorFor(Project project, Web.CurrentUser user) =>
        new(user.Email,
            IsUpdater: user.PersonId is { } p && project.ManagerId == p && user.Has(Accounts.Role.Updater),
            IsApprover: user.PersonId is { } q && project.SponsorId == q && user.Has(Accounts.Role.Approver),
            IsPerformanceOfficer: user.ManagesFramework);

    /// <summary>
    /// Whether <paramref name="actor"/> (from <see cref="ActorFor"/>) reads a project's reports not yet approved: the
    /// performance team and the project's own manager and sponsor; everyone else reads approved reports only.
    /// </summary>
    public static bool SeesUnapproved(Actor actor) => actor.IsPerformanceOfficer || actor.IsUpdater || actor.IsApprover;

    /// <summary>Why a report cannot be written for <paramref name="period"/> as at <paramref name="today"/>, or null: months ahead of today's cannot.</summary>
    public static string? PeriodProblem(Period period, DateOnly today) =>
        period > new Period(today.Year, today.Month) ? $"{period.Label(Frequency.Monthly)} has not started: a highlight report is for this month or one before it"
        : period < new Period(2000, 1) ? "A highlight report is for a month from January 2000" : null;

    /// <summary>
    /// The baseline a report for <paramref name="period"/> is measured against, with its milestones: the latest approved
    /// by the month's end, else (a report for a month before any approval) the first; null for a project without one.
    /// </summary>
    public static async Task<ProjectBaseline?> BaselineForAsync(StewardDb db, int projectId, Period period, CancellationToken ct = default) =>
        BaselineFor(await db.ProjectBaselines.Where(b => b.ProjectId == projectId).Include(b => b.Milestones).AsNoTracking().ToListAsync(ct), period);

    /// <summary>
    /// The key milestones a report for <paramref name="period"/> gives dates for: every milestone of the baseline it is
    /// measured against (of the project's <paramref name="baselines"/>, loaded with their milestones), by date, with the
    /// forecast and actual dates of <paramref name="progress"/> (the report's rows; none for a report not written).
    /// </summary>
    public static (ProjectBaseline? Baseline, List<(BaselineMilestone Milestone, MilestoneDates Dates)> Rows) MilestonesOf(
        IReadOnlyCollection<ProjectBaseline> baselines, Period period, IEnumerable<MilestoneProgress> progress)
    {
        var baseline = BaselineFor(baselines, period);
        var given = progress.ToDictionary(m => m.MilestoneId);
        return (baseline, (baseline?.Milestones ?? []).OrderBy(m => m.Date).ThenBy(m => m.Id)
            .Select(m => (m, new MilestoneDates(m.Date, given.GetValueOrDefault(m.Id)?.Forecast, given.GetValueOrDefault(m.Id)?.Actual))).ToList());
    }

    /// <summary>Of a project's <paramref name="baselines"/>, the one a report for <paramref name="period"/> is measured against (<see cref="BaselineForAsync"/>).</summary>
    public static ProjectBaseline? BaselineFor(IReadOnlyCollection<ProjectBaseline> baselines, Period period) =>
        baselines.Where(b => b.ApprovedOn <= period.EndDate).MaxBy(b => b.Number) ?? baselines.MinBy(b => b.Number);

    /// <summary>
    /// Checks <paramref name="form"/>: errors by field, else the values to store. Saving a draft needs nothing; submitting
    /// needs all five ratings and a reason for each amber or red one. The forecast end and the milestones' dates are
    /// dates (YYYY-MM-DD), a milestone's actual date not after <paramref name="today"/>; the forecast cost pounds (up to
    /// two decimal places, not negative); texts are at most <see cref="TextRules.MaxCommentLength"/>.
    /// </summary>
    public static (HighlightReport? Values, Dictionary<string, string> Errors) Check(HighlightForm form, bool submitting, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        var values = new HighlightReport();
        var reasons = new[] { form.OverallReason, form.TimeReason, form.CostReason, form.ScopeReason, form.QualityReason };
        var ratings = new[] { form.Overall, form.Time, form.Cost, form.Scope, form.Quality };
        var rags = new Rag[5];
        for (var i = 0; i < 5; i++)
        {
            var (field, label) = Ratings[i];
            rags[i] = ratings[i]?.Trim().ToLowerInvariant() switch { "green" => Rag.Green, "amber" => Rag.Amber, "red" => Rag.Red, _ => Rag.None };
            if (rags[i] == Rag.None && !string.IsNullOrWhiteSpace(ratings[i])) errors[field] = $"Choose the {label.ToLowerInvariant()} rating from the list";
            else if (submitting && rags[i] == Rag.None) errors[field] = $"Choose the {label.ToLowerInvariant()} rating: green, amber or red";
            else if (submitting && rags[i] is Rag.Amber or Rag.Red && string.IsNullOrWhiteSpace(reasons[i]))
                errors[$"{field}-reason"] = $"Say why {label.ToLowerInvariant()} is {rags[i].Name()}";
        }
        (values.Overall, values.Time, values.Cost, values.Scope, values.Quality) = (rags[0], rags[1], rags[2], rags[3], rags[4]);
        (values.OverallReason, values.TimeReason, values.CostReason, values.ScopeReason, values.QualityReason) =
            (Text(reasons[0], "overall-reason"), Text(reasons[1], "time-reason"), Text(reasons[2], "cost-reason"), Text(reasons[3], "scope-reason"), Text(reasons[4], "quality-reason"));
        (values.Issues, values.Decisions, values.NextPeriod) = (Text(form.Issues, "issues"), Text(form.Decisions, "decisions"), Text(form.NextPeriod, "next-period"));

        if (!string.IsNullOrWhiteSpace(form.ForecastEnd))
        {
            if (DateOnly.TryParseExact(form.ForecastEnd.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) && InRange(end)) values.ForecastEnd = end;
            else errors["forecast-end"] = "Enter the forecast end date as YYYY-MM-DD, like 2018-03-31, from 2000 to 2100";
        }
        if (!string.IsNullOrWhiteSpace(form.ForecastCost))
        {
            if (Common.Money.TryParsePounds(form.ForecastCost, out var cost)) values.ForecastCost = cost;
            else errors["forecast-cost"] = "Enter the forecast cost in pounds, like 10347000 or 1250.50";
        }
        foreach (var m in form.Milestones ?? [])
        {
            var of = m.Name is null ? "" : $" of {m.Name}";
            var progress = new MilestoneProgress { MilestoneId = m.MilestoneId, Forecast = Date(m.Forecast, MilestoneEntry.Field(m.MilestoneId, "forecast"), $"forecast date{of}") };
            progress.Actual = Date(m.Actual, MilestoneEntry.Field(m.MilestoneId, "actual"), $"actual date{of}");
            if (progress.Actual > today) errors[MilestoneEntry.Field(m.MilestoneId, "actual")] = $"The actual date{of} is when it was achieved: {Common.Show.Date(today)} or before";
            values.Milestones.Add(progress);
        }
        return (errors.Count == 0 ? values : null, errors);

        DateOnly? Date(string? text, string field, string what)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && InRange(date)) return date;
            errors[field] = $"Enter the {what} as YYYY-MM-DD, like 2017-11-20, from 2000 to 2100";
            return null;
        }

        string? Text(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (text.Length > TextRules.MaxCommentLength) errors[field] = TextRules.CommentTooLong("The text");
            return text.Trim();
        }
    }

    /// <summary>Whether a forecast or actual date is one a plan can have: from 2000 to 2100 (a mistyped year is refused, not drawn).</summary>
    public static bool InRange(DateOnly date) => date.Year is >= 2000 and <= 2100;

    /// <summary>
    /// Saves a draft or submits the report of <paramref name="project"/> for <paramref name="period"/>, made if there is
    /// none; <paramref name="expectedVersion"/> is the version the form was read at (null: no report then).
    /// </summary>
    public static async Task<EntryOutcome> EnterAsync(StewardDb db, Project project, Period period, HighlightForm form, ApprovalAction action,
        Actor actor, int? expectedVersion, DateTime now, DateOnly today, CancellationToken ct = default)
    {
        if (action is not (ApprovalAction.SaveDraft or ApprovalAction.Submit)) throw new ArgumentOutOfRangeException(nameof(action));
        var subject = ApprovalSubject.HighlightReport;
        if (ApprovalWorkflow.Refusal(action, null, actor, null, subject: subject) is { } refusal) return EntryOutcome.Error("", Sentence(refusal));
        if (PeriodProblem(period, today) is { } problem) return EntryOutcome.Error("", problem);
        var report = await db.HighlightReports.SingleOrDefaultAsync(h => h.ProjectId == project.Id && h.Period == period, ct);
        if (report is not null && expectedVersion != report.Version || report is null && expectedVersion is not null)
            return EntryOutcome.Error("", ConflictMessage, conflict: true);
        var (values, errors) = Check(form, action == ApprovalAction.Submit, today);
        if (values is null) return new EntryOutcome(null, errors);
        var baseline = await BaselineForAsync(db, project.Id, period, ct);
        if (values.Milestones.FirstOrDefault(m => baseline?.Milestones.Any(b => b.Id == m.MilestoneId) != true) is { } stranger)
            return EntryOutcome.Error(MilestoneEntry.Field(stranger.MilestoneId, "forecast"), "Give dates only for the milestones of the baseline this report is measured against");

        report ??= db.HighlightReports.Add(new HighlightReport { ProjectId = project.Id, Period = period }).Entity;
        if (report.Id != 0) await db.Entry(report).Collection(r => r.Milestones).LoadAsync(ct);
        foreach (var m in values.Milestones)
        {
            var kept = report.Milestones.SingleOrDefault(x => x.MilestoneId == m.MilestoneId);
            if (kept is null && (m.Forecast is not null || m.Actual is not null)) report.Milestones.Add(m);
            else if (kept is not null && m.Forecast is null && m.Actual is null) db.MilestoneProgress.Remove(kept);
            else if (kept is not null) (kept.Forecast, kept.Actual) = (m.Forecast, m.Actual);
        }
        (report.Overall, report.OverallReason, report.Time, report.TimeReason, report.Cost, report.CostReason) =
            (values.Overall, values.OverallReason, values.Time, values.TimeReason, values.Cost, values.CostReason);
        (report.Scope, report.ScopeReason, report.Quality, report.QualityReason) = (values.Scope, values.ScopeReason, values.Quality, values.QualityReason);
        (report.ForecastEnd, report.ForecastCost, report.Issues, report.Decisions, report.NextPeriod) =
            (values.ForecastEnd, values.ForecastCost, values.Issues, values.Decisions, values.NextPeriod);
        report.Status = ApprovalWorkflow.After(action);
        (report.ApprovedBy, report.ApprovedAt) = (null, null);
        if (action == ApprovalAction.Submit) (report.SubmittedBy, report.SubmittedAt) = (actor.Identity, now);
        // A change of only its milestones' dates is a change of the report: its version moves on.
        if (report.Id != 0 && db.ChangeTracker.HasChanges()) db.Entry(report).Property(r => r.Version).IsModified = true;
        if (action == ApprovalAction.Submit) await Notices.Notices.ForHighlightAsync(db, project, report, action, now, ct);
        return await EntryOutcome.SaveAsync(db, ConflictMessage, ct: ct);
    }

    /// <summary>The sponsor approves a submitted report, or returns it with <paramref name="comment"/>.</summary>
    public static async Task<EntryOutcome> DecideAsync(StewardDb db, HighlightReport report, ApprovalAction action, Actor actor, string? comment,
        int expectedVersion, DateTime now, CancellationToken ct = default)
    {
        if (action is not (ApprovalAction.Approve or ApprovalAction.Return)) throw new ArgumentOutOfRangeException(nameof(action));
        var subject = ApprovalSubject.HighlightReport;
        // Another decision first is a change made meanwhile, not a refusal of this person: reported as a conflict.
        if (expectedVersion != report.Version && ApprovalWorkflow.Refusal(action, ApprovalStatus.Submitted, actor, report.SubmittedBy, comment, subject) is null)
            return EntryOutcome.Error("", ConflictMessage, conflict: true);
        if (ApprovalWorkflow.Refusal(action, report.Status, actor, report.SubmittedBy, comment, subject) is { } refusal)
            return EntryOutcome.Error(action == ApprovalAction.Return && string.IsNullOrWhiteSpace(comment) ? "comment" : "", Sentence(refusal));
        if (actor.IsUpdater) return EntryOutcome.Error("", "You manage this project, so its sponsor must approve its reports: give it a sponsor other than its manager");
        if ((comment?.Length ?? 0) > TextRules.MaxCommentLength) return EntryOutcome.Error("comment", TextRules.CommentTooLong("The comment"));
        report.Status = ApprovalWorkflow.After(action);
        report.ApproverComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (action == ApprovalAction.Approve) (report.ApprovedBy, report.ApprovedAt) = (actor.Identity, now);
        if (action == ApprovalAction.Return)
            await Notices.Notices.ForHighlightAsync(db, report.Project ?? await db.Projects.AsNoTracking().SingleAsync(p => p.Id == report.ProjectId, ct), report, action, now, ct);
        return await EntryOutcome.SaveAsync(db, ConflictMessage, ct: ct);
    }

    private static string Sentence(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
