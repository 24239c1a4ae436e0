using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Indicators;
using Steward.Features.Risks;

namespace Steward.Features.Notices;

/// <summary>
/// Making notices: who reads them (people of the council linked to an active account that holds a role there), and
/// adding each (reader, key) once. The words say what is due and link to it; they name risks by code and never quote
/// comments or commentary.
/// </summary>
public static class Notices
{
    /// <summary>
    /// The accounts of <paramref name="personIds"/> in the council <paramref name="db"/> acts for: people linked to an
    /// account that is active and a member there holding any of <paramref name="roles"/> (<see cref="Role.None"/>: any
    /// role; someone removed from the council holds none). People without an account are named in reports but are never
    /// sent notices.
    /// </summary>
    public static async Task<Dictionary<int, int>> ReadersAsync(StewardDb db, IReadOnlyCollection<int> personIds, Role roles, CancellationToken ct = default)
    {
        if (personIds.Count == 0) return [];
        var organisation = db.OrganisationId;
        var rows = await (from p in db.People
                where personIds.Contains(p.Id) && p.AccountId != null
                join m in db.Memberships on p.AccountId equals m.AccountId
                where m.OrganisationId == organisation && m.Account!.DeactivatedAt == null && m.Roles != Role.None
                select new { PersonId = p.Id, AccountId = p.AccountId!.Value, m.Roles })
            .ToListAsync(ct);
        return rows.Where(r => roles == Role.None || (r.Roles & roles) != 0).ToDictionary(r => r.PersonId, r => r.AccountId);
    }

    /// <summary>The account behind a stored identity (a sign-in's e-mail) if it is active and holds a role in the council; else null.</summary>
    public static async Task<int?> AccountOfAsync(StewardDb db, string? identity, CancellationToken ct = default)
    {
        if (identity is null || !identity.Contains('@')) return null;
        var email = Account.Normalise(identity);
        var organisation = db.OrganisationId;
        return await db.Memberships
            .Where(m => m.OrganisationId == organisation && m.Account!.NormalisedEmail == email && m.Account.DeactivatedAt == null && m.Roles != Role.None)
            .Select(m => (int?)m.AccountId).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Adds to <paramref name="db"/> (unsaved) the notices of <paramref name="candidates"/> whose (reader, key) has not
    /// been made before, once each; returns how many were added. Stamps them with <paramref name="now"/> (UTC).
    /// </summary>
    public static async Task<int> AddNewAsync(StewardDb db, IReadOnlyCollection<Notice> candidates, DateTime now, CancellationToken ct = default)
    {
        if (candidates.Count == 0) return 0;
        var made = new HashSet<(int, string)>();
        // By reader, so each look-up is a range of the unique (council, reader, key) index.
        foreach (var reader in candidates.GroupBy(c => c.AccountId))
            foreach (var chunk in reader.Select(c => c.Key).Distinct().Chunk(500))
                foreach (var key in await db.Notices.Where(n => n.AccountId == reader.Key && chunk.Contains(n.Key)).Select(n => n.Key).ToListAsync(ct))
                    made.Add((reader.Key, key));
        var added = 0;
        foreach (var notice in candidates)
        {
            if (!made.Add((notice.AccountId, notice.Key))) continue;
            notice.CreatedAt = now;
            db.Notices.Add(notice);
            added++;
        }
        return added;
    }

    /// <summary>"CSU11 Sickness absence": how a notice names an indicator.</summary>
    public static string Name(Indicator indicator) => $"{indicator.Code} {indicator.Name}";

    /// <summary>
    /// How a notice names a risk: by its code alone ("CR02"), never its title — a risk can be made exempt (Part II) after
    /// a notice about it was written, and a notice's words are fixed when it is made.
    /// </summary>
    public static string Name(Risk risk) => risk.Code;

    /// <summary>The page of a result: where its updater enters it again.</summary>
    public static string ResultLink(int indicatorId, Period period) => $"/indicators/{indicatorId}/results/{period}";

    /// <summary>
    /// Notices for a result just submitted or returned (called before the entry is saved, so they are saved with it):
    /// submitted → its approvers (not the submitter); returned → whoever submitted it and the indicator's updaters.
    /// </summary>
    public static async Task ForResultAsync(StewardDb db, Indicator indicator, Result result, ApprovalAction action, DateTime now, CancellationToken ct = default)
    {
        var label = Show.Period(result.Period, indicator.Frequency);
        var submitter = await AccountOfAsync(db, result.SubmittedBy, ct);
        if (action == ApprovalAction.Submit)
        {
            var by = (await PeopleNames.LoadAsync(db, [result.SubmittedBy], ct)).Of(result.SubmittedBy);
            var approvers = await ReadersAsync(db, await AssignedAsync(db, indicator.Id, AssignmentRole.Approver, ct), Role.Approver, ct);
            await AddNewAsync(db, Each(approvers.Values.Where(a => a != submitter), NoticeKind.AwaitingApproval,
                $"awaiting:result:{indicator.Id}:{result.Period}:{now.Ticks}",
                $"{by} submitted the {label} result of {Name(indicator)} for your approval.", "/approvals"), now, ct);
        }
        else if (action == ApprovalAction.Return)
        {
            var updaters = await ReadersAsync(db, await AssignedAsync(db, indicator.Id, AssignmentRole.Updater, ct), Role.Updater, ct);
            await AddNewAsync(db, Each(updaters.Values.Append(submitter ?? 0).Where(a => a != 0), NoticeKind.Returned,
                $"returned:result:{indicator.Id}:{result.Period}:{now.Ticks}",
                $"The {label} result of {Name(indicator)} was returned with a comment: correct it and submit it again.",
                ResultLink(indicator.Id, result.Period)), now, ct);
        }
    }

    /// <summary>
    /// Notices for a risk review just submitted or returned (saved with it): submitted → the risk's approvers (not the
    /// submitter); returned → whoever submitted it, the risk's owner and reviewers.
    /// </summary>
    public static async Task ForReviewAsync(StewardDb db, Risk risk, RiskReview review, ApprovalAction action, DateTime now, CancellationToken ct = default)
    {
        var submitter = await AccountOfAsync(db, review.SubmittedBy, ct);
        if (action == ApprovalAction.Submit)
        {
            var by = (await PeopleNames.LoadAsync(db, [review.SubmittedBy], ct)).Of(review.SubmittedBy);
            var assigned = await db.RiskAssignments.Where(a => a.RiskId == risk.Id && a.Role == RiskRole.Approver).Select(a => a.PersonId).ToListAsync(ct);
            var approvers = await ReadersAsync(db, assigned, Role.Approver, ct);
            await AddNewAsync(db, Each(approvers.Values.Where(a => a != submitter), NoticeKind.AwaitingApproval, $"awaiting:review:{risk.Id}:{now.Ticks}",
                $"{by} submitted a review of risk {Name(risk)} for your sign-off.", "/risks/reviews"), now, ct);
        }
        else if (action == ApprovalAction.Return)
        {
            var reviewers = await ReadersAsync(db, (await RiskReviewersAsync(db, [risk.Id], ct)).GetValueOrDefault(risk.Id) ?? [], Role.RiskOwner, ct);
            await AddNewAsync(db, Each(reviewers.Values.Append(submitter ?? 0).Where(a => a != 0), NoticeKind.Returned, $"returned:review:{risk.Id}:{now.Ticks}",
                $"The review of risk {Name(risk)} was returned with a comment: correct it and submit it again.", $"/risks/{risk.Id}/review"), now, ct);
        }
    }

    /// <summary>The page of a project's highlight report for a month.</summary>
    public static string HighlightLink(int projectId, Period period) => $"/projects/{projectId}/reports/{period}";

    /// <summary>
    /// Notices for a highlight report just submitted or returned (saved with it): submitted → the project's sponsor (if
    /// they hold the approver role and did not submit it); returned → whoever submitted it and the project's manager.
    /// </summary>
    public static async Task ForHighlightAsync(StewardDb db, Projects.Project project, Projects.HighlightReport report, ApprovalAction action, DateTime now,
        CancellationToken ct = default)
    {
        var what = $"the {Show.Month(report.Period)} highlight report of {project.Code} {project.Name}";
        var submitter = await AccountOfAsync(db, report.SubmittedBy, ct);
        if (action == ApprovalAction.Submit && project.SponsorId is { } sponsor)
        {
            var by = (await PeopleNames.LoadAsync(db, [report.SubmittedBy], ct)).Of(report.SubmittedBy);
            var approvers = await ReadersAsync(db, [sponsor], Role.Approver, ct);
            await AddNewAsync(db, Each(approvers.Values.Where(a => a != submitter), NoticeKind.AwaitingApproval, $"awaiting:highlight:{project.Id}:{report.Period}:{now.Ticks}",
                $"{by} submitted {what} for your approval.", HighlightLink(project.Id, report.Period)), now, ct);
        }
        else if (action == ApprovalAction.Return)
        {
            var managers = project.ManagerId is { } m ? await ReadersAsync(db, [m], Role.Updater, ct) : [];
            await AddNewAsync(db, Each(managers.Values.Append(submitter ?? 0).Where(a => a != 0), NoticeKind.Returned, $"returned:highlight:{project.Id}:{report.Period}:{now.Ticks}",
                $"{char.ToUpperInvariant(what[0])}{what[1..]} was returned with a comment: correct it and submit it again.", HighlightLink(project.Id, report.Period)), now, ct);
        }
    }

    /// <summary>The longest a notice's words may be (its column): longer words, from a long name, are cut with an ellipsis.</summary>
    public const int MaxText = 600;

    /// <summary>The same notice for each of <paramref name="accounts"/> (once each); words longer than <see cref="MaxText"/> are cut.</summary>
    public static List<Notice> Each(IEnumerable<int> accounts, NoticeKind kind, string key, string text, string link, DateOnly? due = null)
    {
        if (text.Length > MaxText) text = text[..(MaxText - 1)] + "…";
        return accounts.Distinct().Select(a => new Notice { AccountId = a, Kind = kind, Key = key, Text = text, Link = link, DueDate = due }).ToList();
    }

    /// <summary>The people who review each of <paramref name="riskIds"/>: its owner and those assigned as reviewers.</summary>
    public static async Task<Dictionary<int, List<int>>> RiskReviewersAsync(StewardDb db, IReadOnlyCollection<int> riskIds, CancellationToken ct = default)
    {
        var owners = await db.Risks.Where(r => riskIds.Contains(r.Id) && r.OwnerId != null).Select(r => new { RiskId = r.Id, PersonId = r.OwnerId!.Value }).ToListAsync(ct);
        var reviewers = await db.RiskAssignments.Where(a => riskIds.Contains(a.RiskId) && a.Role == RiskRole.Reviewer)
            .Select(a => new { a.RiskId, a.PersonId }).ToListAsync(ct);
        return owners.Concat(reviewers).GroupBy(x => x.RiskId).ToDictionary(g => g.Key, g => g.Select(x => x.PersonId).Distinct().ToList());
    }

    private static Task<List<int>> AssignedAsync(StewardDb db, int indicatorId, AssignmentRole role, CancellationToken ct) =>
        db.Assignments.Where(a => a.IndicatorId == indicatorId && a.Role == role).Select(a => a.PersonId).ToListAsync(ct);
}
