using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Organisations;

namespace Steward.Features.Complaints;

/// <summary>One stage of a complaint with its due dates by the council's policy, and whether it was answered in time.</summary>
public sealed record StageCase(Complaint Complaint, ComplaintStageRecord Record, DateOnly? AcknowledgeBy, DateOnly? RespondBy)
{
    public bool AnsweredInTime => Record.Responded is { } r && ComplaintRules.InTime(r, RespondBy);
    public bool Overdue(DateOnly today) => ComplaintRules.Overdue(today, Record.Responded, RespondBy);
}

/// <summary>Responses at a stage in a range: how many were sent and how many within the timescale.</summary>
public sealed record Timeliness(int Responses, int InTime)
{
    public decimal? Percent => ComplaintRules.Percent(InTime, Responses);

    /// <summary>"74 of 81 (91.36%)", or "none answered": the one way pages, the report and the pack write it.</summary>
    public string Describe() => Responses == 0 ? "none answered" : $"{InTime} of {Responses} ({Numbers.Format(Percent, 2)}%)";
}

/// <summary>The complaints dashboard and annual report over months [From, To].</summary>
public sealed record ComplaintSummary(
    Period From, Period To,
    IReadOnlyDictionary<ComplaintStage, int> Received,
    IReadOnlyDictionary<ComplaintStage, Timeliness> Answered,
    IReadOnlyList<(string Service, int Received, Timeliness Stage1, Timeliness Stage2)> ByService,
    IReadOnlyDictionary<(ComplaintStage, ComplaintOutcome), int> Outcomes,
    int Escalated,
    IReadOnlyList<(string Category, int Count)> Categories,
    IReadOnlyList<(string Channel, int Count)> Channels,
    IReadOnlyList<(int Days, string Reason)> Extensions,
    IReadOnlyList<string> Learning)
{
    /// <summary>Escalations to stage 2 in the range per stage 1 response in the range, as a percentage (seed 002: 6.6%).</summary>
    public decimal? EscalationPercent => ComplaintRules.Percent(Escalated, Answered.GetValueOrDefault(ComplaintStage.Stage1)?.Responses ?? 0);
}

/// <summary>
/// Figures from the complaints log, read by the range they cover (indexes lead with the stage and the received or
/// responded date), never by the whole log: the dashboard, the annual report, open and overdue cases, and the results of
/// indicators computed from the log.
/// </summary>
public static class ComplaintFigures
{
    /// <summary>The stage records matching <paramref name="filter"/>, with their complaint and service, and their due dates.</summary>
    public static async Task<List<StageCase>> CasesAsync(StewardDb db, Organisation organisation, IQueryable<ComplaintStageRecord> filter, CancellationToken ct = default)
    {
        var records = await filter.Include(s => s.Complaint!).ThenInclude(c => c.Service).AsNoTracking().ToListAsync(ct);
        var calendar = await DueResults.CalendarAsync(db, organisation, ct);
        var policy = organisation.Complaints;
        return records.Select(r => new StageCase(r.Complaint!, r, ComplaintRules.AcknowledgeBy(calendar, policy, r.Stage, r.Received),
            ComplaintRules.RespondBy(calendar, policy, r.Stage, r.Received, r.Acknowledged, r.ExtensionDays))).ToList();
    }

    /// <summary>The first and last day of months [from, to].</summary>
    public static (DateOnly First, DateOnly Last) Days(Period from, Period to) => (new DateOnly(from.Year, from.Month, 1), to.EndDate);

    /// <summary>The months an indicator's period covers: a quarter is its three months, a year its twelve.</summary>
    public static (Period From, Period To) Months(Period period, Frequency frequency) => (period.Previous(frequency).AddMonths(1), period);

    /// <summary>
    /// An indicator's figures for a period from the log (<see cref="ComplaintMeasure"/>): numerator and denominator, and the
    /// cases behind them. Counts are whole complaints; a percentage's value is numerator / denominator × 100.
    /// </summary>
    /// <param name="serviceId">The indicator's service, which <see cref="ComplaintMeasure.Stage1ReceivedForService"/> counts (none: nothing).</param>
    public static async Task<(int Numerator, int? Denominator, List<StageCase> Cases)> MeasureAsync(StewardDb db, Organisation organisation, ComplaintMeasure measure,
        Period from, Period to, CancellationToken ct = default, int? serviceId = null)
    {
        var (first, last) = Days(from, to);
        var stage = measure == ComplaintMeasure.Stage2InTime ? ComplaintStage.Stage2 : ComplaintStage.Stage1;
        if (measure is ComplaintMeasure.Stage1Received or ComplaintMeasure.Stage1ReceivedForService)
        {
            var query = db.ComplaintStages.Where(s => s.Stage == ComplaintStage.Stage1 && s.Received >= first && s.Received <= last);
            if (measure == ComplaintMeasure.Stage1ReceivedForService) query = query.Where(s => s.Complaint!.ServiceId == serviceId);
            var received = await CasesAsync(db, organisation, query, ct);
            return (received.Count, null, received);
        }
        var answered = await CasesAsync(db, organisation, db.ComplaintStages.Where(s => s.Stage == stage && s.Responded >= first && s.Responded <= last), ct);
        if (measure == ComplaintMeasure.EscalationRate)
        {
            var escalated = await CasesAsync(db, organisation, db.ComplaintStages.Where(s => s.Stage == ComplaintStage.Stage2 && s.Received >= first && s.Received <= last), ct);
            return (escalated.Count, answered.Count, escalated);
        }
        return (answered.Count(c => c.AnsweredInTime), answered.Count, answered);
    }

    /// <summary>The dashboard and annual report's figures over months [from, to]: received and answered in the range.</summary>
    public static async Task<ComplaintSummary> SummaryAsync(StewardDb db, Organisation organisation, Period from, Period to, CancellationToken ct = default)
    {
        var (first, last) = Days(from, to);
        var cases = await CasesAsync(db, organisation, db.ComplaintStages.Where(s => s.Received >= first && s.Received <= last || s.Responded >= first && s.Responded <= last), ct);
        bool ReceivedIn(StageCase c) => c.Record.Received >= first && c.Record.Received <= last;
        bool AnsweredIn(StageCase c) => c.Record.Responded is { } r && r >= first && r <= last;
        Timeliness Of(IEnumerable<StageCase> xs) => xs.Where(AnsweredIn).ToList() is var a ? new Timeliness(a.Count, a.Count(c => c.AnsweredInTime)) : null!;
        var stages = Enum.GetValues<ComplaintStage>();
        var stage1 = cases.Where(c => c.Record.Stage == ComplaintStage.Stage1 && ReceivedIn(c)).ToList();
        return new ComplaintSummary(from, to,
            stages.ToDictionary(s => s, s => cases.Count(c => c.Record.Stage == s && ReceivedIn(c))),
            stages.ToDictionary(s => s, s => Of(cases.Where(c => c.Record.Stage == s))),
            cases.GroupBy(c => c.Complaint.Service?.Name ?? "No service").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Count(c => c.Record.Stage == ComplaintStage.Stage1 && ReceivedIn(c)),
                    Of(g.Where(c => c.Record.Stage == ComplaintStage.Stage1)), Of(g.Where(c => c.Record.Stage == ComplaintStage.Stage2)))).ToList(),
            cases.Where(c => AnsweredIn(c) && c.Record.Outcome is not null).GroupBy(c => (c.Record.Stage, c.Record.Outcome!.Value)).ToDictionary(g => g.Key, g => g.Count()),
            cases.Count(c => c.Record.Stage == ComplaintStage.Stage2 && ReceivedIn(c)),
            Tally(stage1.Select(c => c.Complaint.Category ?? "Not given")),
            Tally(stage1.Select(c => c.Complaint.Channel ?? "Not given")),
            cases.Where(c => AnsweredIn(c) && c.Record.ExtensionDays > 0).OrderBy(c => c.Record.Responded).Select(c => (c.Record.ExtensionDays, c.Record.ExtensionReason ?? "")).ToList(),
            cases.Where(AnsweredIn).Select(c => c.Complaint).DistinctBy(c => c.Id).Where(c => c.Learning is not null).OrderBy(c => c.Reference, StringComparer.Ordinal)
                .Select(c => c.Learning!).Distinct().ToList());
    }

    /// <summary>Stages not yet answered (stage 1 and 2), oldest first; <paramref name="take"/> of them, with the count of all and of those overdue.</summary>
    public static async Task<(List<StageCase> Page, int Open, int Overdue)> OpenAsync(StewardDb db, Organisation organisation, DateOnly today, int take, CancellationToken ct = default)
    {
        var open = await CasesAsync(db, organisation, db.ComplaintStages.Where(s => s.Responded == null && s.Stage != ComplaintStage.Ombudsman), ct);
        var ordered = open.OrderBy(c => c.RespondBy).ThenBy(c => c.Complaint.Reference, StringComparer.Ordinal).ToList();
        return (ordered.Take(take).ToList(), ordered.Count, ordered.Count(c => c.Overdue(today)));
    }

    private static List<(string, int)> Tally(IEnumerable<string> names) =>
        names.GroupBy(n => n).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).ToList();
}
