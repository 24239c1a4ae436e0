using Microsoft.EntityFrameworkCore;
using Steward.Cli;
using Steward.Common;
using Steward.Domain;

namespace Steward.Features.Risks;

public static class RiskCommands
{
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("export risks", "--org CODE", "Open risks with their scores, bands and exception flag, as CSV.", ["org"],
            """
            One row per open risk, ordered by code:
              code,inherent_score,inherent_band,residual_score,residual_band,target_score,exception,
              target_band,prospects,residual_likelihood,residual_impact,register,owner,title
            exception is true for a residual score at or above the organisation's threshold (default 12)
            with prospects amber or red. Blank scores give empty cells and false.
            """, ExportAsync),
    ];

    private static async Task<int> ExportAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var (db, org) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            var risks = await db.Risks.Include(r => r.Owner).Where(r => !r.Closed).ToListAsync();
            var views = await RiskViews.ViewsAsync(db, org, risks, org.Today(TimeProvider.System));
            await ctx.Out.WriteAsync(RiskExport.Write(views));
            return ExitCode.Success;
        }
    }
}

/// <summary>The risks export: the fixed columns first, then those for people reading it in a spreadsheet.</summary>
public static class RiskExport
{
    public static string Write(IEnumerable<RiskView> views)
    {
        var w = new StringWriter { NewLine = "\n" };
        w.WriteLine("code,inherent_score,inherent_band,residual_score,residual_band,target_score,exception,target_band,prospects,residual_likelihood,residual_impact,register,owner,title");
        foreach (var v in views.OrderBy(v => v.Risk.Code, StringComparer.Ordinal))
        {
            var r = v.Risk;
            w.WriteLine(Csv.Line(r.Code, Score(r.Inherent), v.InherentBand?.Name, Score(r.Residual), v.ResidualBand?.Name, Score(r.Target),
                v.IsException ? "true" : "false", v.TargetBand?.Name, r.Prospects?.Name(),
                r.ResidualLikelihood?.ToString(System.Globalization.CultureInfo.InvariantCulture), r.ResidualImpact?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                v.ImportPath, r.Owner?.Name, r.Title));
        }
        return w.ToString();
    }

    private static string Score(RiskScore? s) => s is { } x ? x.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
}
