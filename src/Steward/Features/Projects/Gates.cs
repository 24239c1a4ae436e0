using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Projects;

/// <summary>A criterion as it stood when a gate decision was recorded.</summary>
public sealed record CriterionSnapshot(string Description, string? Owner, CriterionStatus Status, string? WaiverReason, string? Evidence);

/// <summary>
/// Changing a gate's acceptance criteria and recording its decisions. Every change to a criterion moves the gate's
/// version on, so a decision is recorded only against the criteria its recorder saw (<see cref="GateRules"/> decides
/// whether it may be), with a snapshot of each.
/// </summary>
public static class Gates
{
    public const string ConflictMessage = "Someone else changed this gate's criteria after you opened it, so nothing was saved";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The criteria as JSON, in their order (by id): what <see cref="GateDecision.Snapshot"/> keeps.</summary>
    public static string SnapshotOf(IEnumerable<GateCriterion> criteria) =>
        JsonSerializer.Serialize(criteria.OrderBy(c => c.Id).Select(c => new CriterionSnapshot(c.Description, c.Owner, c.Status, c.WaiverReason, c.Evidence)), Json);

    /// <summary>A decision's snapshot read back.</summary>
    public static IReadOnlyList<CriterionSnapshot> ReadSnapshot(string json) => JsonSerializer.Deserialize<List<CriterionSnapshot>>(json, Json) ?? [];

    /// <summary>The gate <paramref name="number"/> of <paramref name="projectId"/> with its criteria and decisions, tracked; null when there is none.</summary>
    public static Task<ProjectGate?> LoadAsync(StewardDb db, int projectId, int number, CancellationToken ct = default) =>
        db.ProjectGates.Include(g => g.Criteria).Include(g => g.Decisions).AsSplitQuery()
            .SingleOrDefaultAsync(g => g.ProjectId == projectId && g.Number == number, ct);

    /// <summary>
    /// Records <paramref name="decision"/> at <paramref name="gate"/> by <paramref name="identity"/> at <paramref name="now"/>
    /// (UTC) if the gate is still at <paramref name="seenVersion"/> and <see cref="GateRules"/> allow it: the refusal
    /// (field "", "decision" or "conditions"), or null once saved. The snapshot is of the criteria as they are in the database.
    /// </summary>
    public static async Task<(string Field, string Message)?> DecideAsync(StewardDb db, ProjectGate gate, GateDecisionKind decision, string? conditions,
        string identity, int seenVersion, DateTime now, CancellationToken ct = default)
    {
        if (gate.Version != seenVersion) return ("", ConflictMessage);
        if (GateRules.Refusal(decision, gate.Criteria.Select(c => c.Status).ToList(), conditions) is { } refusal)
            return (decision == GateDecisionKind.ConditionalGo && string.IsNullOrWhiteSpace(conditions) && gate.Criteria.Count > 0 ? "conditions" : "decision", refusal);
        if ((conditions?.Length ?? 0) > TextRules.MaxCommentLength) return ("conditions", TextRules.CommentTooLong("The conditions"));
        gate.Decisions.Add(new GateDecision
        {
            Decision = decision, Conditions = string.IsNullOrWhiteSpace(conditions) ? null : conditions.Trim(),
            DecidedBy = identity, DecidedAt = now, Snapshot = SnapshotOf(gate.Criteria),
        });
        // The decision is taken on the criteria seen: a change to them meanwhile makes this save fail.
        db.Entry(gate).Property(g => g.Version).OriginalValue = seenVersion;
        db.Entry(gate).Property(g => g.Version).IsModified = true;
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            db.ChangeTracker.Clear();
            return ("", ConflictMessage);
        }
    }
}
