using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Features.Reports;

namespace Steward.Features.Complaints;

/// <summary>
/// The report pack's complaints section for a quarter: received and answered by stage, within the timescale, escalations,
/// outcomes, by service, and the complaints awaiting an answer at the quarter's end. Never a complainant.
/// </summary>
public static class ComplaintPack
{
    /// <summary>The section's blocks for the quarter ending <paramref name="p"/>, or null when the log has nothing received or answered in it.</summary>
    public static async Task<List<PackBlock>?> BlocksAsync(StewardDb db, Organisation organisation, Period p, int section, CancellationToken ct = default)
    {
        var from = p.AddMonths(-2);
        var s = await ComplaintFigures.SummaryAsync(db, organisation, from, p, ct);
        if (s.Received.Values.Sum() == 0 && s.Answered.Values.Sum(a => a.Responses) == 0) return null;
        var end = p.EndDate;
        var open = await ComplaintFigures.CasesAsync(db, organisation,
            db.ComplaintStages.Where(x => x.Stage != ComplaintStage.Ombudsman && x.Received <= end && (x.Responded == null || x.Responded > end)), ct);
        var policy = organisation.Complaints;
        var stage1 = s.Answered[ComplaintStage.Stage1];
        var blocks = new List<PackBlock>
        {
            new PackParagraph($"{Show.Month(from)} to {Show.Month(p)}: {Show.Count(s.Received[ComplaintStage.Stage1], "stage 1 complaint").ToLowerInvariant()} received and " +
                $"{stage1.Responses} answered, {stage1.Describe()} within {policy.Stage1ResponseDays} working days of {(policy.ResponseFromReceipt ? "receipt" : "the acknowledgement")}; " +
                $"stage 2: {s.Answered[ComplaintStage.Stage2].Describe()} within {policy.Stage2ResponseDays}. {Show.Count(s.Escalated, "complaint")} escalated to stage 2" +
                (s.EscalationPercent is { } e ? $" ({Numbers.Format(e, 1)}% of stage 1 responses)" : "") +
                $". At the quarter's end {Show.Count(open.Count, "complaint").ToLowerInvariant()} awaited an answer, {open.Count(c => c.RespondBy < end)} of them overdue.", $"{section}.1"),
            new PackTable("Complaints by stage", [new("Stage", Width: 2), new("Received", Numeric: true), new("Answered", Numeric: true), new("Within the timescale", Width: 2),
                    new("Upheld", Numeric: true), new("Partly upheld", Numeric: true), new("Not upheld", Numeric: true)],
                Enum.GetValues<ComplaintStage>().Select(stage => (IReadOnlyList<PackCell>)
                [
                    new PackCell(Show.ComplaintStage(stage), RowHeader: true), PackCell.Count(s.Received[stage]), PackCell.Count(s.Answered[stage].Responses),
                    stage == ComplaintStage.Ombudsman ? "Not set by the council" : s.Answered[stage].Describe(),
                    PackCell.Count(s.Outcomes.GetValueOrDefault((stage, ComplaintOutcome.Upheld))), PackCell.Count(s.Outcomes.GetValueOrDefault((stage, ComplaintOutcome.PartlyUpheld))),
                    PackCell.Count(s.Outcomes.GetValueOrDefault((stage, ComplaintOutcome.NotUpheld))),
                ]).ToList()),
            new PackTable("Stage 1 complaints by service", [new("Service", Width: 3), new("Received", Numeric: true), new("Within the timescale", Width: 2)],
                s.ByService.Select(x => (IReadOnlyList<PackCell>)[new PackCell(x.Service, RowHeader: true), PackCell.Count(x.Received), x.Stage1.Describe()]).ToList()),
        };
        if (s.Learning.Count > 0)
        {
            blocks.Add(new PackParagraph("What was learnt:", $"{section}.2"));
            blocks.Add(new PackList(s.Learning));
        }
        return blocks;
    }
}
