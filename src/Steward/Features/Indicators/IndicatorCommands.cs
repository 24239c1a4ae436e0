using Steward.Cli;
using Steward.Common;
using Steward.Domain;

namespace Steward.Features.Indicators;

public static class IndicatorCommands
{
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("export rag", "--org CODE --period YYYY-MM", "RAG, targets and exceptions at a period, as CSV.", ["org", "period"],
            """
            One row per indicator with a period ending in that month, ordered by code:
              code,period,value,target,rag,exception,label,previous,last_year,direction
            rag is green, amber, red or none; exception lists off_target, deteriorating,
            amber_persistent joined by ';'. Numbers are rounded to the indicator's decimals.
            """, ExportRagAsync),
        new("export indicators", "--org CODE", "The indicator definitions, as CSV in the import format.", ["org"],
            "Re-importing the output changes nothing.", ExportIndicatorsAsync),
        new("export results", "--org CODE [--from YYYY-MM] [--to YYYY-MM]", "Approved results and targets, as CSV in the import format.", ["org", "from", "to"],
            "One row per indicator and period with a result or a period's own target, ordered by code and period.\nAnnual targets are in 'export targets'.", ExportResultsAsync),
        new("export targets", "--org CODE", "Annual targets, as CSV in the import format (code,financial_year,target).", ["org"],
            "One row per indicator and financial year, ordered by code and year. A year's target applies to each of its\nperiods that has no target of its own.", ExportTargetsAsync),
        new("summary", "--org CODE --period YYYY-MM", "The counts of targetable indicators by RAG, and the report sentence.", ["org", "period"],
            "Line 1: targetable,green,amber,red,no_data,no_target. Line 2: the counts. Line 3: the sentence.\nno_target counts indicators (not info only) with no target at the period.", SummaryAsync),
    ];

    private static Period PeriodOption(CommandLine line)
    {
        var text = line.RequireOption("period");
        return Period.TryParse(text, out var p)
            ? p
            : throw new UsageException($"--period '{text}' is not a period: write YYYY-MM, the month in which the period ends");
    }

    private static async Task<int> ExportRagAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var period = PeriodOption(line);
        var (db, org) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            var statuses = await Performance.AtAsync(db, org, period);
            await ctx.Out.WriteAsync(RagExport.Write(statuses));
            return ExitCode.Success;
        }
    }

    private static async Task<int> ExportIndicatorsAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var (db, _) = await ctx.OpenForOrganisationAsync(line);
        await using (db) await ctx.Out.WriteAsync(await IndicatorExport.IndicatorsCsvAsync(db));
        return ExitCode.Success;
    }

    private static async Task<int> ExportResultsAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        Period? Optional(string name) => line.Option(name) is { } text
            ? Period.TryParse(text, out var p) ? p : throw new UsageException($"--{name} '{text}' is not a period: write YYYY-MM")
            : null;
        var (from, to) = (Optional("from"), Optional("to"));
        var (db, _) = await ctx.OpenForOrganisationAsync(line);
        await using (db) await ctx.Out.WriteAsync(await IndicatorExport.ResultsCsvAsync(db, from, to));
        return ExitCode.Success;
    }

    private static async Task<int> ExportTargetsAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var (db, _) = await ctx.OpenForOrganisationAsync(line);
        await using (db) await ctx.Out.WriteAsync(await IndicatorExport.AnnualTargetsCsvAsync(db));
        return ExitCode.Success;
    }

    private static async Task<int> SummaryAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var period = PeriodOption(line);
        var (db, org) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            var s = Performance.Summarise(await Performance.AtAsync(db, org, period));
            await ctx.Out.WriteLineAsync("targetable,green,amber,red,no_data,no_target");
            await ctx.Out.WriteLineAsync($"{s.Targetable},{s.Green},{s.Amber},{s.Red},{s.NoData},{s.NoTarget}");
            await ctx.Out.WriteLineAsync(s.Sentence);
            return ExitCode.Success;
        }
    }
}

/// <summary>The RAG export: the fixed columns first, then columns for people reading it in a spreadsheet.</summary>
public static class RagExport
{
    public static string Write(IEnumerable<IndicatorStatus> statuses)
    {
        return CsvExport.ToText(csv =>
        {
            csv.Row("code", "period", "value", "target", "rag", "exception", "label", "previous", "last_year", "direction");
            foreach (var s in statuses)
            {
                var d = s.Indicator.Decimals;
                csv.Row(
                    s.Indicator.Code,
                    s.Period.ToString(),
                    s.ValueText,
                    s.TargetText,
                    s.Rag.Name(),
                    ExceptionNames.Join(s.Exceptions),
                    s.Period.Label(s.Indicator.Frequency),
                    Numbers.Format(s.Comparison.Previous, d),
                    Numbers.Format(s.Comparison.LastYear, d),
                    s.Comparison.Direction.Name());
            }
        });
    }
}
