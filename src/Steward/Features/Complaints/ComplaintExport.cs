using Microsoft.EntityFrameworkCore;
using Steward.Cli;
using Steward.Common;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Complaints;

/// <summary>The complaints log on the command line: <c>export complaints</c> (the import's format, without complainants' details) and <c>complaints run</c>.</summary>
public static class ComplaintExport
{
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("export complaints", "--org CODE --from YYYY-MM --to YYYY-MM", "Complaints received in a range of months, as CSV in the import format.", ["org", "from", "to"],
            """
            One row per complaint received from the first day of --from to the last day of --to, by date received
            then reference, with each stage it reached:
              reference,service,received,category,channel,acknowledged,responded,extension_days,extension_reason,
              outcome,stage2_received,...,ombudsman_received,ombudsman_responded,ombudsman_outcome,learning
            Complainants' names and contact details are never exported. Dates are YYYY-MM-DD.
            """, ExportAsync),
        new("complaints run", "--org CODE [--period YYYY-MM]", "Enters the results of indicators computed from the complaints log, and removes complainants' details past retention.", ["org", "period"],
            """
            What the notices job does for the log every few minutes, once: each indicator computed from the log gets
            the result of its latest period ended by today (or of the period ending at --period), submitted for its
            approvers unless a person already entered or approved it; and complaints answered longer ago than the
            council's retention period lose their complainant's details (audited).
            """, RunAsync),
    ];

    private static async Task<int> ExportAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var (from, to) = (Month(line, "from", required: true)!.Value, Month(line, "to", required: true)!.Value);
        if (to < from) throw new UsageException("--to is before --from");
        var (db, _) = await ctx.OpenForOrganisationAsync(line);
        await using (db) await ctx.Out.WriteAsync(await CsvAsync(db, from, to));
        return ExitCode.Success;
    }

    private static async Task<int> RunAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var period = Month(line, "period", required: false);
        var (db, organisation) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            var today = organisation.Today(TimeProvider.System);
            var entered = await ComplaintFeed.EnterAsync(db, organisation, today, DateTime.UtcNow, period);
            var anonymised = await ComplaintFeed.AnonymiseAsync(db, organisation, today);
            await ctx.Out.WriteLineAsync($"results entered from the log: {entered}; complaints anonymised: {anonymised}");
        }
        return ExitCode.Success;
    }

    private static Period? Month(CommandLine line, string name, bool required)
    {
        var text = required ? line.RequireOption(name) : line.Option(name);
        if (text is null) return null;
        return Period.TryParse(text, out var p) ? p : throw new UsageException($"--{name} '{text}' is not a month: write YYYY-MM");
    }

    /// <summary>Complaints received in months [from, to], in <see cref="ComplaintImport.ExportColumns"/>, by date received then reference.</summary>
    public static async Task<string> CsvAsync(StewardDb db, Period from, Period to, CancellationToken ct = default)
    {
        var (first, last) = ComplaintFigures.Days(from, to);
        var complaints = (await db.Complaints.AsNoTracking().Include(c => c.Stages).Include(c => c.Service)
                .Where(c => c.Stages.Any(s => s.Stage == ComplaintStage.Stage1 && s.Received >= first && s.Received <= last)).ToListAsync(ct))
            .OrderBy(c => c.At(ComplaintStage.Stage1)!.Received).ThenBy(c => c.Reference, StringComparer.Ordinal).ToList();
        return CsvExport.ToText(csv =>
        {
            csv.Row([.. ComplaintImport.ExportColumns]);
            foreach (var c in complaints)
            {
                var cells = new List<string?> { c.Reference, c.Service?.Name, Date(c.At(ComplaintStage.Stage1)!.Received), c.Category, c.Channel };
                foreach (var stage in Enum.GetValues<ComplaintStage>())
                {
                    var s = c.At(stage);
                    if (stage != ComplaintStage.Stage1) cells.Add(s is null ? null : Date(s.Received));
                    if (stage == ComplaintStage.Ombudsman)
                    {
                        cells.AddRange([s?.Responded is { } d ? Date(d) : null, Outcome(s?.Outcome)]);
                        continue;
                    }
                    cells.AddRange([s?.Acknowledged is { } a ? Date(a) : null, s?.Responded is { } r ? Date(r) : null,
                        s is { ExtensionDays: > 0 } ? s.ExtensionDays.ToString() : null, s?.ExtensionReason, Outcome(s?.Outcome)]);
                }
                cells.Add(c.Learning);
                csv.Row([.. cells.Select(x => x ?? "")]);
            }
        });
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd");

    /// <summary>"upheld", "partly upheld", "not upheld", as the import reads them.</summary>
    private static string? Outcome(ComplaintOutcome? o) => o is { } x ? Show.ComplaintOutcome(x).ToLowerInvariant() : null;
}
