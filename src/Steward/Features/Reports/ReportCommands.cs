using Steward.Cli;
using Steward.Domain;
using Steward.Features.Committees;

namespace Steward.Features.Reports;

/// <summary>steward report: the quarterly pack to a file.</summary>
public static class ReportCommands
{
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("report", "--org CODE --period YYYY-MM --format html|docx|pdf|xlsx --out FILE", "Write the quarterly performance pack for a committee or the whole council.",
            ["org", "period", "format", "out", "committee", "public"],
            """
            --period is the last month of a quarter (March, June, September or December); monthly indicators
            show that month. Without --committee CODE-OR-NAME the pack covers the whole council: every current
            indicator and open risk. Exempt (Part II) risks are included and marked unless --public is given.
            --format html writes one self-contained page (print it for paper); docx a Word document; pdf a
            tagged PDF with numbered pages; xlsx an Excel workbook, a sheet per table.
            """, ReportAsync),
    ];

    private static async Task<int> ReportAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var periodText = line.RequireOption("period");
        if (!Period.TryParse(periodText, out var period) || !PackBuilder.IsQuarterEnd(period))
            throw new UsageException($"--period {periodText} is not the last month of a quarter: give YYYY-03, YYYY-06, YYYY-09 or YYYY-12");
        var format = line.RequireOption("format");
        if (!PackIssuer.Formats.ContainsKey(format)) throw new UsageException($"--format {format} is not a format of the pack: give html, docx, pdf or xlsx");
        var path = line.RequireOption("out");
        var (db, org) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            Committee? committee = null;
            if (line.Option("committee") is { Length: > 0 } name)
                committee = await CommitteeStore.FindAsync(db, name) ?? throw new BadDataException($"there is no committee with the code or name '{name}' (steward committee list shows them)");
            var pack = await PackBuilder.BuildAsync(db, org, new PackRequest(committee, period, line.SetFlags.Contains("public"), org.Today(TimeProvider.System)));
            await File.WriteAllBytesAsync(path, PackIssuer.Render(pack, format));
            await ctx.Out.WriteLineAsync($"Wrote {pack.Title} for {committee?.Name ?? org.Name}{(pack.PublicVersion ? " (public version)" : "")} to {path}.");
            return ExitCode.Success;
        }
    }
}
