using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Features.Risks;
using Steward.Web;

namespace Steward.Features.Committees;

/// <summary>
/// A follow-up action as pages show it: what was asked (the standard action's words and the committee's own), what it is
/// about, who owns it, the meetings that agreed it and that it reports back to, and whether it is overdue
/// (<see cref="WorkProgrammeRules.Overdue"/>). An exempt risk the reader may not see is named only as "an exempt risk".
/// </summary>
public sealed record FollowUpView(FollowUpAction Action, string Asked, string? About, string? AboutLink, bool Overdue)
{
    /// <summary>What the committee asked for: the standard action's words and its own ("Approve actions: Next phase…"), or its own words alone.</summary>
    public static string AskedOf(FollowUpAction a) =>
        a.Kind == StandardAction.Other ? a.Description ?? "" : Show.Action(a.Kind) + (a.Description is { } d ? ": " + d : "");

    /// <summary>
    /// The actions of <paramref name="actions"/> (a query already scoped to what the page shows) with their meetings,
    /// subjects and owners, ordered by the meeting they report back to (none last), then by when they were agreed.
    /// </summary>
    public static async Task<List<FollowUpView>> LoadAsync(StewardDb db, CurrentUser user, IQueryable<FollowUpAction> actions, DateOnly today,
        CancellationToken ct = default)
    {
        var rows = await actions
            .Include(a => a.Meeting).Include(a => a.ReportBackMeeting).Include(a => a.Owner)
            .Include(a => a.Indicator).Include(a => a.Risk).Include(a => a.Item)
            .AsSplitQuery().AsNoTracking().ToListAsync(ct);
        var riskIds = rows.Where(a => a.RiskId is not null).Select(a => a.RiskId!.Value).Distinct().ToList();
        var visible = riskIds.Count == 0 ? [] : (await db.Risks.Where(r => riskIds.Contains(r.Id)).Visible(user).Select(r => r.Id).ToListAsync(ct)).ToHashSet();
        return rows
            .OrderBy(a => a.ReportBackMeeting?.Date ?? DateOnly.MaxValue).ThenBy(a => a.Meeting!.Date).ThenBy(a => a.Id)
            .Select(a =>
            {
                var (about, link) = a switch
                {
                    { Indicator: { } i } => ($"{i.Code} {i.Name}", $"/indicators/{i.Id}"),
                    { Risk: { } r } when visible.Contains(r.Id) => ($"{r.Code} {r.Title}", $"/risks/{r.Id}"),
                    { Risk: not null } => ("An exempt risk", null),
                    { Item: { } item } => (item.Title, $"/committees/meetings/{item.MeetingId}"),
                    _ => ((string?)null, (string?)null),
                };
                return new FollowUpView(a, AskedOf(a), about, link, WorkProgrammeRules.Overdue(a.Status, a.ReportBackMeeting?.Date, today));
            })
            .ToList();
    }
}
