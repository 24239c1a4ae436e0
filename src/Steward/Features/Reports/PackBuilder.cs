using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Committees;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Features.Risks;

namespace Steward.Features.Reports;

/// <summary>What a pack is for: a committee (or the whole council), a quarter, and whether it is the public version.</summary>
/// <param name="Period">The last month of the quarter (March, June, September or December); monthly indicators show that month.</param>
/// <param name="Today">The organisation's today: what is overdue is judged against it.</param>
public sealed record PackRequest(Committee? Committee, Period Period, bool PublicVersion, DateOnly Today);

/// <summary>
/// Builds the quarterly pack (seeds 001, 002 and 004) from approved results and signed-off risk reviews only: the cover
/// report, the summary and exceptions by reason, the indicator table by theme with the last quarter and the same
/// quarter last year, a report card per exception, the risk pages of the committee's registers with the heat map, the
/// exception report and the reconciliation since the previous meeting, the follow-up actions, and the standard actions.
/// A committee's pack carries the indicators of its remit's services and themes and the open risks of its registers
/// (and the registers inside them); without a committee, every current indicator and open risk. The public version
/// leaves out every exempt (Part II) risk and any action about one. Reads only the remit's indicators at the quarter's
/// rule periods, thirteen periods for each exception, and the remit's risks.
/// </summary>
public static class PackBuilder
{
    /// <summary>Periods on an exception's trend chart.</summary>
    public const int TrendPeriods = 13;

    /// <summary>Whether <paramref name="p"/> can be a pack's period: the last month of a quarter.</summary>
    public static bool IsQuarterEnd(Period p) => p.Ends(Frequency.Quarterly);

    /// <summary>The pack's title: "Quarter 2 2017/18 Performance Report".</summary>
    public static string TitleOf(Period p) => $"Quarter {p.FinancialQuarter} {Period.FinancialYearLabel(p.FinancialYear)} Performance Report";

    /// <summary>
    /// What a pack's words are filled from: its committee (with members, remit and clerk), the meeting it goes to and
    /// the one before, its wording, its lead officer and the values of the placeholders (<see cref="PackWording.Placeholders"/>).
    /// </summary>
    /// <param name="InheritedLeadOfficer">Who leads the pack when the quarter names no one: the standing choice, else the work programme's, else the clerk.</param>
    public sealed record PackSetting(Committee? Committee, Meeting? Meeting, Meeting? Previous, PackWordingSet Wording, Person? InheritedLeadOfficer,
        IReadOnlyDictionary<string, string> Values)
    {
        /// <summary>The officer who signs the pack off: the quarter's choice, else <see cref="InheritedLeadOfficer"/>.</summary>
        public Person? LeadOfficer => Wording.Draft?.LeadOfficer ?? InheritedLeadOfficer;

        /// <summary>The field's words for this pack with the placeholders filled.</summary>
        public string Text(WordingField field) => PackWording.Fill(Wording.Text(field), Values);

        public string Text(string key) => Text(PackWording.Find(key)!);
    }

    /// <summary>Loads the setting of the pack <paramref name="request"/> asks for. ArgumentException when the period does not end a quarter.</summary>
    public static async Task<PackSetting> SettingAsync(StewardDb db, Organisation organisation, PackRequest request, bool tracking = false, CancellationToken ct = default)
    {
        var p = request.Period;
        if (!IsQuarterEnd(p)) throw new ArgumentException($"{p} does not end a quarter: give March, June, September or December", nameof(request));
        var committee = request.Committee is { } c ? await CommitteeStore.LoadAsync(db, c.Id, ct) : null;
        var meetings = committee is null ? [] : await db.Meetings.Where(m => m.CommitteeId == committee.Id && !m.Cancelled).OrderBy(m => m.Date).AsNoTracking().ToListAsync(ct);
        // The meeting the quarter's report goes to: the committee's first after the quarter ends; and the one before it.
        var meeting = meetings.FirstOrDefault(m => m.Date > p.EndDate);
        var previous = meetings.LastOrDefault(m => m.Date < (meeting?.Date ?? request.Today.AddDays(1)) && m.Id != meeting?.Id);
        var wording = await PackWordingSet.LoadAsync(db, committee?.Id, p, tracking, ct);
        var lead = wording.StandingDraft?.LeadOfficer ?? await WorkProgrammeLeadAsync(db, meeting, ct) ?? committee?.Clerk;
        var values = new Dictionary<string, string>
        {
            ["quarter"] = p.Label(Frequency.Quarterly),
            ["committee"] = committee?.Name ?? organisation.Name,
            ["council"] = organisation.Name,
            ["meeting"] = meeting is null ? "Not set" : Show.Date(meeting.Date),
            ["chair"] = committee?.Members.FirstOrDefault(m => m.Role == MemberRole.Chair)?.Person?.Name is { } chair ? $"{chair}, Chair" : "Not set",
            ["remit"] = committee is null ? $"every current indicator and open risk of {organisation.Name}" : $"the services, themes and risk registers within the remit of the {committee.Name}",
            ["priorities"] = committee is null ? "All" : string.Join("; ", committee.Themes.Select(t => t.Theme!.Name).Order(StringComparer.Ordinal)) is { Length: > 0 } themes ? themes : "All",
            ["rag-rule"] = RagRules.Describe(organisation.DefaultTolerance),
        };
        return new PackSetting(committee, meeting, previous, wording, lead, values);
    }

    /// <summary>Builds the pack. ArgumentException when the period does not end a quarter.</summary>
    public static async Task<PackDocument> BuildAsync(StewardDb db, Organisation organisation, PackRequest request, CancellationToken ct = default) =>
        await BuildAsync(db, organisation, request, await SettingAsync(db, organisation, request, ct: ct), ct);

    /// <summary>Builds the pack in the <paramref name="setting"/> already loaded for <paramref name="request"/>.</summary>
    public static async Task<PackDocument> BuildAsync(StewardDb db, Organisation organisation, PackRequest request, PackSetting setting, CancellationToken ct = default)
    {
        var p = request.Period;
        var (committee, meeting, previous) = (setting.Committee, setting.Meeting, setting.Previous);

        var indicators = await IndicatorsAsync(db, committee, p, ct);
        var statuses = await StatusesAsync(db, organisation, indicators, p, ct);
        var summary = Performance.Summarise(statuses);
        var exceptions = statuses.Where(s => s.Exceptions.Count > 0).ToList();
        var risks = await RisksAsync(db, organisation, committee, request, ct);

        var sections = new List<PackSection>();
        var number = 0;
        PackSection Section(string title, List<PackBlock> blocks, bool newPage = false) => new((++number).ToString(), title, blocks, newPage);
        List<PackBlock> Numbered(IEnumerable<string> paragraphs) =>
            paragraphs.Select((t, i) => (PackBlock)new PackParagraph(t, $"{number + 1}.{i + 1}")).ToList();
        IEnumerable<string> Paragraphs(string key) => PackWording.Paragraphs(setting.Text(key));

        sections.Add(Section("Introduction", Numbered(Paragraphs("introduction"))));
        sections.Add(Section("Summary of performance", SummaryBlocks(summary, exceptions, number + 1)));
        var compared = await ComparedAsync(db, statuses, p, ct);
        sections.Add(Section("Performance by theme", ThemeBlocks(statuses, compared, p), newPage: true));
        sections.Add(Section("Exception report cards", await ExceptionBlocksAsync(db, organisation, exceptions, compared, p, ct), newPage: true));
        sections.Add(Section("Risks", await RiskBlocksAsync(db, organisation, risks, previous, meeting, request, number + 1, ct), newPage: true));
        if (await Projects.ProjectPack.BlocksAsync(db, committee, p, number + 1, ct) is { } projectBlocks)
            sections.Add(Section("Projects", projectBlocks, newPage: true));
        if (await Finance.FinancePack.BlocksAsync(db, organisation, committee, p, number + 1, ct) is { } financeBlocks)
            sections.Add(Section("Finance", financeBlocks, newPage: true));
        if (await Complaints.ComplaintPack.BlocksAsync(db, organisation, p, number + 1, ct) is { } complaintBlocks)
            sections.Add(Section("Complaints", complaintBlocks, newPage: true));
        sections.Add(Section("Follow-up actions", await FollowUpBlocksAsync(db, committee, previous, request, number + 1, ct)));
        sections.Add(Section("Implications", Numbered(new[] { ("financial", "Financial"), ("legal", "Legal"), ("risk", "Risk"), ("equalities", "Equalities"), ("sustainability", "Sustainability") }
            .Select(x => $"{x.Item2}: {string.Join(" ", Paragraphs(x.Item1))}"))));
        sections.Add(Section("Conclusions and recommendations", Numbered(Paragraphs("conclusions").Prepend(summary.Sentence))));
        sections.Add(new PackSection("A", "Standard follow-up actions", [
            new PackParagraph("For each exception the committee may agree one of the following, with an owner and the meeting it reports back to:"),
            new PackList(Enum.GetValues<StandardAction>().Where(a => a != StandardAction.Other).Select(Show.Action).ToList()),
        ], NewPage: true, Appendix: true));
        sections.Add(new PackSection("B", "Indicator figures", Figures(statuses, compared, p), NewPage: true, Appendix: true));

        var exempt = risks.Where(r => r.Risk.Exempt).Select(r => r.Risk.ExemptionParagraph).Distinct().ToList();
        var cover = new List<(string, string)>
        {
            ("Report for", setting.Values["committee"]),
            ("Date of meeting", setting.Values["meeting"]),
            ("Part", exempt.Count > 0 ? "II" : "I"),
            ("If Part II, reason", exempt.Count > 0 ? ExemptReason(exempt) : ""),
            ("Title of report", TitleOf(p)),
            ("Report on behalf of", setting.Text("on-behalf-of")),
            ("Report author / responsible officer", setting.LeadOfficer?.Name ?? "Not set"),
            ("Purpose of report", setting.Text("purpose")),
            ("Recommendations", setting.Text("recommendations")),
            ("Corporate priorities", setting.Text("priorities")),
            ("Wards affected", setting.Text("wards")),
            ("Appendices", "Appendix A: Standard follow-up actions; Appendix B: Indicator figures"),
            ("Background papers", setting.Text("background")),
            ("Glossary", setting.Text("glossary")),
        };
        return new PackDocument(TitleOf(p), organisation.Name, cover, sections, request.PublicVersion);
    }

    private static string ExemptReason(IEnumerable<string?> paragraphs) =>
        "Contains exempt information as defined in " +
        (paragraphs.OfType<string>().Order(StringComparer.Ordinal).ToList() is { Count: > 0 } ps ? $"paragraph {string.Join(", ", ps)}" : "a paragraph") +
        " of Part 1 of Schedule 12A to the Local Government Act 1972.";

    /// <summary>The lead officer of the meeting's performance report, when the work programme names one.</summary>
    private static async Task<Person?> WorkProgrammeLeadAsync(StewardDb db, Meeting? meeting, CancellationToken ct) =>
        meeting is null
            ? null
            : await db.WorkProgrammeItems.Where(i => i.MeetingId == meeting.Id && i.LeadOfficer != null && i.Title.Contains("Performance Report"))
                .OrderBy(i => i.Position).Select(i => i.LeadOfficer!).AsNoTracking().FirstOrDefaultAsync(ct);

    private static async Task<List<Indicator>> IndicatorsAsync(StewardDb db, Committee? committee, Period p, CancellationToken ct)
    {
        var frequencies = Enum.GetValues<Frequency>().Where(p.Ends).ToList();
        var query = db.Indicators.Where(i => !i.Retired && frequencies.Contains(i.Frequency));
        if (committee is not null)
        {
            var services = committee.Services.Select(s => s.ServiceId).ToList();
            var themes = committee.Themes.Select(t => t.ThemeId).ToList();
            query = query.Where(i => (i.ServiceId != null && services.Contains(i.ServiceId.Value)) || (i.ThemeId != null && themes.Contains(i.ThemeId.Value)));
        }
        return (await query.Include(i => i.Theme).Include(i => i.LeadOfficer).Include(i => i.DataOwner).AsNoTracking().ToListAsync(ct))
            .OrderBy(i => i.Theme?.Name ?? "\uffff", StringComparer.Ordinal).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>Each indicator's position at the quarter, and the periods the table compares: the quarter before and the same quarter last year.</summary>
    private static async Task<List<IndicatorStatus>> StatusesAsync(StewardDb db, Organisation organisation, List<Indicator> indicators, Period p, CancellationToken ct)
    {
        if (indicators.Count == 0) return [];
        var periods = Performance.RulePeriods(p, indicators.Select(i => i.Frequency));
        var series = await Performance.SeriesAsync(db, organisation, indicators, periods.Min(), p, ct, periods);
        return indicators.Select(i => Performance.StatusAt(i, series[i.Id], p)).ToList();
    }

    private static List<PackBlock> SummaryBlocks(PerformanceSummary summary, List<IndicatorStatus> exceptions, int section)
    {
        var blocks = new List<PackBlock>
        {
            new PackParagraph(summary.Sentence, $"{section}.1"),
            new PackTable("Indicators by rating", [new("Rating"), new("Indicators", Numeric: true)],
            [
                [new PackCell("Green", Rag.Green, RowHeader: true), PackCell.Count(summary.Green)],
                [new PackCell("Amber", Rag.Amber, RowHeader: true), PackCell.Count(summary.Amber)],
                [new PackCell("Red", Rag.Red, RowHeader: true), PackCell.Count(summary.Red)],
                [new PackCell("No data", RowHeader: true), PackCell.Count(summary.NoData)],
                [new PackCell("No target", RowHeader: true), PackCell.Count(summary.NoTarget)],
            ]),
        };
        if (exceptions.Count == 0)
        {
            blocks.Add(new PackParagraph("No indicator meets an exception criterion this quarter.", $"{section}.2"));
            return blocks;
        }
        blocks.Add(new PackParagraph($"{Show.Count(exceptions.Count, "indicator")} {(exceptions.Count == 1 ? "meets" : "meet")} an exception criterion and {(exceptions.Count == 1 ? "has a report card" : "have report cards")} in section 4:", $"{section}.2"));
        blocks.Add(new PackList(Enum.GetValues<ExceptionReason>()
            .Select(reason => (reason, codes: exceptions.Where(e => e.Exceptions.Contains(reason)).Select(e => $"{e.Indicator.Code} {e.Indicator.Name}").ToList()))
            .Where(x => x.codes.Count > 0)
            .Select(x => $"{x.reason.Describe()}: {string.Join("; ", x.codes)}").ToList()));
        return blocks;
    }

    /// <summary>The approved results' fractions and comments at the quarter, the quarter before and the same quarter last year.</summary>
    private sealed record ComparedResult(decimal? Numerator, decimal? Denominator, string? UpdaterComment, string? ApproverComment);

    private static async Task<Dictionary<(int IndicatorId, Period Period), ComparedResult>> ComparedAsync(StewardDb db, List<IndicatorStatus> statuses, Period p,
        CancellationToken ct)
    {
        var ids = statuses.Select(s => s.Indicator.Id).ToList();
        var compared = new[] { p, p.AddMonths(-3), p.SamePeriodLastYear };
        return (await db.Results.Where(r => ids.Contains(r.IndicatorId) && r.Status == ApprovalStatus.Approved && compared.Contains(r.Period))
                .Select(r => new { r.IndicatorId, r.Period, r.Numerator, r.Denominator, r.UpdaterComment, r.ApproverComment }).ToListAsync(ct))
            .ToDictionary(r => (r.IndicatorId, r.Period), r => new ComparedResult(r.Numerator, r.Denominator, r.UpdaterComment, r.ApproverComment));
    }

    /// <summary>The indicator table grouped by theme, as seed 001 prints it.</summary>
    private static List<PackBlock> ThemeBlocks(List<IndicatorStatus> statuses, Dictionary<(int IndicatorId, Period Period), ComparedResult> rows, Period p)
    {
        if (statuses.Count == 0) return [new PackParagraph("There are no indicators to report for this quarter.")];
        var columns = new List<PackColumn>
        {
            new("Indicator", Width: 4), new(Show.Month(p), Numeric: true, Width: 2), new(Show.Month(p.AddMonths(-3)), Numeric: true, Width: 2),
            new(Show.Month(p.SamePeriodLastYear), Numeric: true, Width: 2), new("RAG", Width: 2), new("Last four: green / amber / red", Numeric: true, Width: 2),
            new("Comments", Width: 4),
        };
        string Figure(IndicatorStatus s, Period at)
        {
            var o = s.Series.At(at);
            var text = Show.Value(s.Indicator, o.Value);
            if (rows.TryGetValue((s.Indicator.Id, at), out var r) && r.Numerator is { } n && r.Denominator is { } d)
                text += $" ({Numbers.Plain(n)} / {Numbers.Plain(d)})";
            return $"{text}; target {Show.Target(s.Indicator, o.Target)}";
        }
        var blocks = new List<PackBlock>();
        foreach (var theme in statuses.GroupBy(s => s.Indicator.Theme?.Name ?? "No theme"))
        {
            var table = theme.Select(s =>
            {
                var f = s.Indicator.Frequency;
                var lastFour = Enumerable.Range(0, 4).Select(k => s.Series.RagAt(p.Previous(f, k))).ToList();
                rows.TryGetValue((s.Indicator.Id, p), out var now);
                var comments = new[] { now?.UpdaterComment is { } u ? $"Updater: {u}" : null, now?.ApproverComment is { } a ? $"Approver: {a}" : null }.OfType<string>();
                return (IReadOnlyList<PackCell>)
                [
                    new PackCell($"{s.Indicator.Code} {s.Indicator.Name}", RowHeader: true), Figure(s, p), Figure(s, p.AddMonths(-3)), Figure(s, p.SamePeriodLastYear),
                    new PackCell(Show.Rag(s.Rag), s.Rag), $"{lastFour.Count(r => r == Rag.Green)} / {lastFour.Count(r => r == Rag.Amber)} / {lastFour.Count(r => r == Rag.Red)}",
                    string.Join(" ", comments) is { Length: > 0 } text ? text : "None",
                ];
            }).ToList();
            blocks.Add(new PackTable(theme.Key, columns, table));
        }
        return blocks;
    }

    /// <summary>
    /// Every indicator's figures one to a row, each in its own column — the table a reader re-uses (in a spreadsheet, its
    /// numbers are numbers): the quarter's result with its numerator, denominator, target and RAG, then the quarter
    /// before and the same quarter last year with their targets.
    /// </summary>
    private static List<PackBlock> Figures(List<IndicatorStatus> statuses, Dictionary<(int IndicatorId, Period Period), ComparedResult> fractions, Period p)
    {
        if (statuses.Count == 0) return [new PackParagraph("There are no indicators to report for this quarter.")];
        var compared = new[] { p, p.AddMonths(-3), p.SamePeriodLastYear };
        PackCell Value(Indicator i, decimal? v) => v is { } n ? new PackCell(Show.Value(i, n), Number: n, Format: Show.SpreadsheetFormat(i.Decimals, i.Unit)) : new PackCell(Show.Value(i, null));
        PackCell Target(Indicator i, decimal? t) => t is { } n ? new PackCell(Show.Target(i, n), Number: n, Format: Show.SpreadsheetFormat(i.Decimals, i.Unit)) : new PackCell(Show.Target(i, null));
        PackCell Plain(decimal? v) => v is { } n ? new PackCell(Numbers.Plain(n), Number: n) : new PackCell("");
        var columns = new List<PackColumn>
        {
            new("Indicator", Width: 4),
            new($"{Show.Month(p)} result", Numeric: true, Width: 2), new("Numerator", Numeric: true, Width: 2), new("Denominator", Numeric: true, Width: 2),
            new("Target", Numeric: true, Width: 2), new("RAG", Width: 2),
            new($"{Show.Month(compared[1])} result", Numeric: true, Width: 2), new("Target", Numeric: true, Width: 2),
            new($"{Show.Month(compared[2])} result", Numeric: true, Width: 2), new("Target", Numeric: true, Width: 2),
        };
        var rows = statuses.Select(s =>
        {
            var i = s.Indicator;
            fractions.TryGetValue((i.Id, p), out var f);
            var (before, lastYear) = (s.Series.At(compared[1]), s.Series.At(compared[2]));
            return (IReadOnlyList<PackCell>)
            [
                new PackCell($"{i.Code} {i.Name}", RowHeader: true),
                Value(i, s.Observation.Value), Plain(f?.Numerator), Plain(f?.Denominator), Target(i, s.Observation.Target), new PackCell(Show.Rag(s.Rag), s.Rag),
                Value(i, before.Value), Target(i, before.Target), Value(i, lastYear.Value), Target(i, lastYear.Target),
            ];
        }).ToList();
        return [new PackTable("Indicator figures", columns, rows)];
    }

    /// <summary>A report card per exception (seed 004): the trend against target, the story, actions, officers and the discussion prompts.</summary>
    private static async Task<List<PackBlock>> ExceptionBlocksAsync(StewardDb db, Organisation organisation, List<IndicatorStatus> exceptions,
        Dictionary<(int IndicatorId, Period Period), ComparedResult> comments, Period p, CancellationToken ct)
    {
        if (exceptions.Count == 0) return [new PackParagraph("No indicator meets an exception criterion this quarter.")];
        var indicators = exceptions.Select(e => e.Indicator).ToList();
        var from = indicators.Select(i => p.Previous(i.Frequency, TrendPeriods - 1)).Min();
        var series = await Performance.SeriesAsync(db, organisation, indicators, from, p, ct);
        var ids = indicators.Select(i => i.Id).ToList();
        var actions = (await db.IndicatorActions.Where(a => ids.Contains(a.IndicatorId)).AsNoTracking().ToListAsync(ct)).ToLookup(a => a.IndicatorId);
        var blocks = new List<PackBlock>();
        foreach (var e in exceptions)
        {
            var i = e.Indicator;
            var s = series[i.Id];
            var points = Enumerable.Range(0, TrendPeriods).Select(k => p.Previous(i.Frequency, TrendPeriods - 1 - k))
                .SkipWhile(x => s.At(x).Value is null && s.At(x).Target is null)
                .Select(x => new TrendPoint(x, s.At(x).Value, s.At(x).Target, s.RagAt(x))).ToList();
            blocks.Add(new PackHeading($"{i.Code} {i.Name}"));
            blocks.Add(new PackFacts([
                ("Result", $"{Show.Value(i, e.Observation.Value)} in {Show.Period(p, i.Frequency)} against a target of {Show.Target(i, e.Observation.Target)}"),
                ("Rating", Show.Rag(e.Rag)),
                ("Why it is reported", string.Join("; ", e.Exceptions.Select(x => x.Describe()))),
                ("Lead officer", i.LeadOfficer?.Name ?? "Not set"),
                ("Data owner", i.DataOwner?.Name ?? "Not set"),
            ]));
            var title = $"{i.Code} {i.Name}: results against target";
            var description = points.Count == 0 ? "No results yet." :
                $"{points.Count} {i.Frequency.PeriodNoun()}s from {points[0].Period.Label(i.Frequency)} to {points[^1].Period.Label(i.Frequency)}: " +
                $"the latest is {Show.Value(i, points[^1].Value)} against a target of {Show.Target(i, points[^1].Target)}. The table gives every value.";
            blocks.Add(new PackChart(title, description, points, i.Frequency, i.Unit, i.Decimals, new PackTable($"{i.Code}: results and targets",
                [new("Period"), new("Result", Numeric: true), new("Target", Numeric: true), new("RAG")],
                points.Select(x => (IReadOnlyList<PackCell>)[new PackCell(Show.Period(x.Period, i.Frequency), RowHeader: true), Show.Value(i, x.Value), Show.Target(i, x.Target), new PackCell(Show.Rag(x.Rag), x.Rag)]).ToList())));
            comments.TryGetValue((i.Id, p), out var story);
            blocks.Add(new PackParagraph(story?.UpdaterComment is { } u ? $"The story: {u}" : "The story: no comment was given with the result."));
            if (story?.ApproverComment is { } a) blocks.Add(new PackParagraph($"Approver: {a}"));
            var open = actions[i.Id].OrderBy(x => x.Status).ThenBy(x => x.DueDate ?? DateOnly.MaxValue).ToList();
            blocks.Add(open.Count == 0
                ? new PackParagraph("Actions: none recorded.")
                : new PackTable($"{i.Code}: actions", [new("Action", Width: 4), new("Owner", Width: 2), new("Due", Width: 2), new("Status")],
                    open.Select(x => (IReadOnlyList<PackCell>)[x.Description, x.Owner ?? "Not set", x.DueDate is { } d ? Show.Date(d) : "Not set", Show.Status(x.Status)]).ToList()));
            blocks.Add(new PackParagraph("For the committee's discussion:"));
            blocks.Add(new PackList(ReportCardModel.DiscussionPrompts));
        }
        return blocks;
    }

    private static async Task<List<RiskView>> RisksAsync(StewardDb db, Organisation organisation, Committee? committee, PackRequest request, CancellationToken ct)
    {
        var query = db.Risks.Where(r => !r.Closed);
        if (request.PublicVersion) query = query.Where(r => !r.Exempt);
        if (committee is not null)
        {
            var all = await db.RiskRegisters.Select(r => new { r.Id, r.ParentId }).ToListAsync(ct);
            var inRemit = committee.Registers.Select(r => r.RegisterId).ToHashSet();
            // The registers of the remit and every register inside them.
            for (var grew = true; grew;)
            {
                grew = false;
                foreach (var r in all.Where(r => r.ParentId is { } parent && inRemit.Contains(parent) && !inRemit.Contains(r.Id)))
                    grew = inRemit.Add(r.Id);
            }
            var ids = inRemit.ToList();
            query = query.Where(r => ids.Contains(r.RegisterId));
        }
        var risks = (await query.Include(r => r.Owner).Include(r => r.Controls).Include(r => r.Assurances).ThenInclude(a => a.Indicator)
                .Include(r => r.Actions).AsSplitQuery().AsNoTracking().ToListAsync(ct))
            .OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        return await RiskViews.ViewsAsync(db, organisation, risks, request.Today, ct: ct);
    }

    private static async Task<List<PackBlock>> RiskBlocksAsync(StewardDb db, Organisation organisation, List<RiskView> risks, Meeting? previous, Meeting? meeting,
        PackRequest request, int section, CancellationToken ct)
    {
        if (risks.Count == 0) return [new PackParagraph("There are no open risks to report.", $"{section}.1")];
        var matrix = await RiskMatrixStore.LoadAsync(db, ct);
        var exceptions = risks.Where(r => r.IsException).ToList();
        var blocks = new List<PackBlock>
        {
            new PackParagraph($"{Show.Count(risks.Count, "open risk")}. " + (exceptions.Count == 0
                ? $"None is at or above a current score of {organisation.RiskExceptionThreshold} with amber or red prospects, so none is reported by exception."
                : $"{Show.Count(exceptions.Count, "risk")} at or above a current score of {organisation.RiskExceptionThreshold} with amber or red prospects {(exceptions.Count == 1 ? "is" : "are")} reported by exception."), $"{section}.1"),
        };
        if (matrix is not null)
        {
            // The heat map as a grid: likelihood down (highest first), impact across, each cell its band and how many risks sit there.
            var model = matrix.Model;
            var counts = risks.Where(r => r.Risk.Residual is not null).GroupBy(r => r.Risk.Residual!.Value).ToDictionary(g => g.Key, g => g.Count());
            var columns = new List<PackColumn> { new("Likelihood", Width: 2) };
            columns.AddRange(Enumerable.Range(1, model.Impacts).Select(k => new PackColumn($"Impact {model.ImpactLabels[k - 1]}")));
            var rows = Enumerable.Range(1, model.Likelihoods).Reverse().Select(l =>
            {
                var row = new List<PackCell> { new(model.LikelihoodLabels[l - 1], RowHeader: true) };
                row.AddRange(Enumerable.Range(1, model.Impacts).Select(k =>
                {
                    var band = matrix.BandOf(new RiskScore(l, k));
                    return new PackCell($"{counts.GetValueOrDefault(new RiskScore(l, k))} ({Show.Word(band?.Name)})", Colour: band?.Colour);
                }));
                return (IReadOnlyList<PackCell>)row;
            }).ToList();
            blocks.Add(new PackTable("Heat map: open risks by current likelihood and impact (band in brackets)", columns, rows));
        }
        blocks.Add(exceptions.Count == 0
            ? new PackParagraph("Risk exception report: no risk meets the criteria this quarter.")
            : RiskTable("Risk exception report", exceptions));
        blocks.AddRange(await ReconciliationBlocksAsync(db, risks, previous, meeting, request, ct));
        // Each risk's latest signed-off review, for its progress and sign-off commentary: one query, a seek per risk.
        var ids = risks.Select(r => r.Risk.Id).ToList();
        var reviews = (await db.Risks.Where(r => ids.Contains(r.Id))
                .Select(r => new
                {
                    r.Id,
                    Latest = db.RiskReviews.Where(x => x.RiskId == r.Id && x.Status == ApprovalStatus.Approved)
                        .OrderByDescending(x => x.ReviewDate).ThenByDescending(x => x.Id).Select(x => new { x.Commentary, x.SignOffComment }).FirstOrDefault(),
                })
                .ToListAsync(ct))
            .ToDictionary(r => r.Id, r => r.Latest);
        foreach (var view in risks)
        {
            var risk = view.Risk;
            var page = new List<PackBlock> { new PackHeading($"{risk.Code} {risk.Title}") };
            page.Add(new PackFacts([
                ("Owner", risk.Owner?.Name ?? "Not set"),
                ("Register", view.Path),
                ("Inherent risk", Banded(risk.Inherent, view.InherentBand)),
                ("Current risk", Banded(risk.Residual, view.ResidualBand)),
                ("Previous", Banded(risk.Previous, view.PreviousBand) + (risk.PreviousSignedOffOn is { } before ? $", signed off {Show.Date(before)}" : "")),
                ("Target risk", Banded(risk.Target, view.TargetBand) + (risk.TargetDate is { } td ? $" by {Show.Date(td)}" : "")),
                ("Prospects of meeting the target", Show.Prospects(risk.Prospects)),
                ("Last signed off", risk.SignedOffOn is { } on ? Show.Date(on) : "Not yet"),
            ]));
            if (risk.Description is { } description) page.Add(new PackParagraph($"The risk: {description}"));
            if (risk.Consequences is { } consequences) page.Add(new PackParagraph($"Consequences: {consequences}"));
            page.Add(risk.Controls.Count == 0
                ? new PackParagraph("Controls: none recorded.")
                : new PackTable($"{risk.Code}: controls", [new("Control", Width: 5), new("Adequacy")],
                    risk.Controls.OrderBy(x => x.Order).Select(x => (IReadOnlyList<PackCell>)[x.Description, Show.Adequacy(x.Adequacy)]).ToList()));
            if (risk.Assurances.Count > 0)
                page.Add(new PackList(risk.Assurances.Select(a => "Assurance: " + a.Description + (a.Indicator is { } i ? $" ({i.Code}{(view.IndicatorRags.TryGetValue(i.Id, out var rag) ? ", " + Show.Rag(rag) : "")})" : "")).ToList()));
            var actions = risk.Actions.Where(a => a.Status is RiskActionStatus.Open or RiskActionStatus.InProgress).OrderBy(a => a.TargetDate ?? DateOnly.MaxValue).ToList();
            if (actions.Count > 0)
                page.Add(new PackTable($"{risk.Code}: action plan", [new("Action", Width: 4), new("Owner", Width: 2), new("Target date", Width: 2), new("Status")],
                    actions.Select(a => (IReadOnlyList<PackCell>)[a.Description, a.Owner ?? "Not set", a.TargetDate is { } d ? Show.Date(d) : "Not set",
                        Show.Status(a.Status) + (a.PercentComplete is { } pc ? $", {pc}%" : "")]).ToList()));
            var review = reviews.GetValueOrDefault(risk.Id);
            if (review?.Commentary is { } commentary) page.Add(new PackParagraph($"Progress: {commentary}"));
            if (review?.SignOffComment is { } signOff) page.Add(new PackParagraph($"Sign-off: {signOff}"));
            blocks.AddRange(risk.Exempt
                ? [new PackExempt($"Exempt information: {ExemptReason([risk.ExemptionParagraph])} Not for publication.", page)]
                : page);
        }
        return blocks;
    }

    private static string Banded(RiskScore? score, RiskBand? band) => band is null ? Show.Score(score) : $"{Show.Score(score)} ({Show.Word(band.Name)})";

    private static PackTable RiskTable(string caption, IEnumerable<RiskView> risks) =>
        new(caption, [new("Risk", Width: 4), new("Owner", Width: 2), new("Current risk", Width: 2), new("Previous", Width: 2), new("Prospects")],
            risks.Select(v => (IReadOnlyList<PackCell>)
            [
                new PackCell($"{v.Risk.Code} {v.Risk.Title}", RowHeader: true), v.Risk.Owner?.Name ?? "Not set",
                new PackCell(Banded(v.Risk.Residual, v.ResidualBand), Colour: v.ResidualBand?.Colour), Show.Score(v.Risk.Previous), Show.Prospects(v.Risk.Prospects),
            ]).ToList());

    /// <summary>What changed since the committee's previous meeting (Norfolk's reconciliation), from the signed-off reviews on each date.</summary>
    private static async Task<List<PackBlock>> ReconciliationBlocksAsync(StewardDb db, List<RiskView> risks, Meeting? previous, Meeting? meeting, PackRequest request,
        CancellationToken ct)
    {
        if (previous is null) return [new PackParagraph("Changes since the previous meeting: this is the committee's first pack, or it has no earlier meeting.")];
        var to = meeting is { } m && m.Date < request.Today ? m.Date : request.Today;
        var ids = risks.Select(r => r.Risk.Id).ToList();
        var scope = db.Risks.Where(r => ids.Contains(r.Id));
        var (atFrom, atTo) = (await ReconciliationPageModel.SnapshotsAsync(db, scope, previous.Date, ct), await ReconciliationPageModel.SnapshotsAsync(db, scope, to, ct));
        var lines = Reconciliation.Compare(risks.Select(r => new Reconciliation.RiskHistory(r.Risk.Code, r.Risk.Title,
            atFrom.GetValueOrDefault(r.Risk.Id), atTo.GetValueOrDefault(r.Risk.Id), r.Risk.ClosedOn)), previous.Date, to);
        if (lines.Count == 0) return [new PackParagraph($"Changes since the previous meeting ({Show.Date(previous.Date)}): none.")];
        return [new PackTable($"Changes since the previous meeting ({Show.Date(previous.Date)})", [new("Risk", Width: 4), new("Change", Width: 2), new("Before", Width: 2), new("After", Width: 2)],
            lines.Select(l => (IReadOnlyList<PackCell>)[new PackCell($"{l.Code} {l.Title}", RowHeader: true), ReconciliationPageModel.Describe(l.Change), l.Before, l.After]).ToList())];
    }

    /// <summary>The committee's follow-up actions still open, and those done since its previous meeting, with their status.</summary>
    private static async Task<List<PackBlock>> FollowUpBlocksAsync(StewardDb db, Committee? committee, Meeting? previous, PackRequest request, int section, CancellationToken ct)
    {
        if (committee is null) return [new PackParagraph("Follow-up actions are recorded by committee: this pack is for the whole council.", $"{section}.1")];
        var since = previous?.Date ?? DateOnly.MinValue;
        var query = db.FollowUpActions.Where(a => a.Meeting!.CommitteeId == committee.Id && (a.Status == FollowUpStatus.Open || a.CompletedOn >= since));
        if (request.PublicVersion) query = query.Where(a => a.Risk == null || !a.Risk.Exempt);
        var actions = (await query.Include(a => a.Meeting).Include(a => a.ReportBackMeeting).Include(a => a.Owner).Include(a => a.Indicator).Include(a => a.Risk)
                .Include(a => a.Item).AsSplitQuery().AsNoTracking().ToListAsync(ct))
            .OrderBy(a => a.Meeting!.Date).ThenBy(a => a.Id).ToList();
        if (actions.Count == 0) return [new PackParagraph("The committee has no follow-up actions open.", $"{section}.1")];
        return
        [
            new PackParagraph($"{Show.Count(actions.Count, "follow-up action")} agreed at earlier meetings, open or completed since the last meeting:", $"{section}.1"),
            new PackTable("Follow-up actions", [new("Action", Width: 4), new("About", Width: 3), new("Owner", Width: 2), new("Agreed", Width: 2), new("Reports back", Width: 2), new("Status", Width: 2)],
                actions.Select(a => (IReadOnlyList<PackCell>)
                [
                    FollowUpView.AskedOf(a),
                    a.Indicator is { } i ? $"{i.Code} {i.Name}" : a.Risk is { } r ? (r.Exempt ? $"{r.Code} {r.Title} (exempt)" : $"{r.Code} {r.Title}") : a.Item?.Title ?? "",
                    a.Owner?.Name ?? "Not set", Show.Date(a.Meeting!.Date), a.ReportBackMeeting is { } back ? Show.Date(back.Date) : "Not set",
                    Show.Status(a.Status) + (WorkProgrammeRules.Overdue(a.Status, a.ReportBackMeeting?.Date, request.Today) ? ", overdue" : "")
                                          + (a.Progress is { } progress ? $": {progress}" : ""),
                ]).ToList()),
        ];
    }
}
