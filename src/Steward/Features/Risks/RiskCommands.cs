using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Steward.Cli;
using Steward.Common;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Risks;

public static class RiskCommands
{
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("export risks", "--org CODE [--full]", "Open risks with their scores, bands and exception flag, as CSV; with --full, every risk in the import format.", ["org", "full"],
            """
            One row per open risk, ordered by code:
              code,inherent_score,inherent_band,residual_score,residual_band,target_score,exception,
              target_band,prospects,residual_likelihood,residual_impact,register,owner,title
            exception is true for a residual score at or above the organisation's threshold (default 12)
            with prospects amber or red. Blank scores give empty cells and false.
            With --full: every risk, open and closed, Part II included, with every column of the risks
            import format, so that importing the file (after the matrix) reproduces the register:
              code,title,register,category,owner,portfolio_holder,treatment,inherent_likelihood,
              inherent_impact,residual_likelihood,residual_impact,target_likelihood,target_impact,
              target_date,prospects,description,consequences,triggers,likelihood_factors,
              corporate_priority,next_review,status,exempt_paragraph,signed_off_on,previous_likelihood,
              previous_impact,previous_signed_off_on
            (the last four carry the signed-off history movement compares; controls, actions and past
            reviews are not part of the file)
            """, ExportAsync),
        new("export matrix", "--org CODE", "The risk matrix, as CSV in the import format.", ["org"],
            """
            One row per cell, by likelihood then impact:
              likelihood,impact,band,likelihood_label,impact_label,band_colour
            Importing it into another organisation reproduces the matrix, its own bands included.
            """, ExportMatrixAsync),
    ];

    private static async Task<int> ExportAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var (db, org) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            if (line.SetFlags.Contains("full"))
            {
                await ctx.Out.WriteAsync(await RiskExport.FullAsync(db));
                return ExitCode.Success;
            }
            var risks = await db.Risks.Include(r => r.Owner).Where(r => !r.Closed).ToListAsync();
            var views = await RiskViews.ViewsAsync(db, org, risks, org.Today(TimeProvider.System));
            await ctx.Out.WriteAsync(RiskExport.Write(views));
            return ExitCode.Success;
        }
    }

    private static async Task<int> ExportMatrixAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var (db, org) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            if (await RiskMatrixStore.LoadAsync(db) is not { } matrix)
                throw new BadDataException($"{org.Code} has no risk matrix yet");
            await ctx.Out.WriteAsync(RiskExport.Matrix(matrix));
            return ExitCode.Success;
        }
    }
}

/// <summary>Risks and the matrix as CSV: the summary export, and the import formats (so an export re-imports to the same register).</summary>
public static class RiskExport
{
    /// <summary>The summary export: the fixed columns first, then those for people reading it in a spreadsheet.</summary>
    public static string Write(IEnumerable<RiskView> views) => CsvExport.ToText(csv =>
    {
        csv.Row("code", "inherent_score", "inherent_band", "residual_score", "residual_band", "target_score", "exception", "target_band", "prospects",
            "residual_likelihood", "residual_impact", "register", "owner", "title");
        foreach (var v in views.OrderBy(v => v.Risk.Code, StringComparer.Ordinal))
        {
            var r = v.Risk;
            csv.Row(r.Code, Score(r.Inherent), v.InherentBand?.Name, Score(r.Residual), v.ResidualBand?.Name, Score(r.Target),
                v.IsException ? "true" : "false", v.TargetBand?.Name, r.Prospects?.Name(),
                Level(r.ResidualLikelihood), Level(r.ResidualImpact), v.ImportPath, r.Owner?.Name, r.Title);
        }
    });

    /// <summary>Every risk (open and closed, Part II included) with every column of the risks import format, ordered by code.</summary>
    public static async Task<string> FullAsync(StewardDb db, CancellationToken ct = default)
    {
        var risks = await db.Risks.Include(r => r.Owner).Include(r => r.PortfolioHolder).ToListAsync(ct);
        var registers = await db.RiskRegisters.ToDictionaryAsync(r => r.Id, ct);
        return CsvExport.ToText(csv =>
        {
            csv.Row([.. RiskImport.RisksKind.Required, .. RiskImport.RisksKind.Optional]);
            foreach (var r in risks.OrderBy(r => r.Code, StringComparer.Ordinal))
                csv.Row(r.Code, r.Title, RiskRegister.PathOf(registers[r.RegisterId], registers), r.Category, r.Owner?.Name, r.PortfolioHolder?.Name,
                    r.Treatment?.Name(), Level(r.InherentLikelihood), Level(r.InherentImpact), Level(r.ResidualLikelihood), Level(r.ResidualImpact),
                    Level(r.TargetLikelihood), Level(r.TargetImpact), Date(r.TargetDate), r.Prospects?.Name(),
                    r.Description, r.Consequences, r.Triggers, r.LikelihoodFactors, r.CorporatePriority, Date(r.NextReviewDate),
                    r.Closed ? "closed" : "open", r.Exempt ? r.ExemptionParagraph : "",
                    Date(r.SignedOffOn), Level(r.PreviousLikelihood), Level(r.PreviousImpact), Date(r.PreviousSignedOffOn));
        });
    }

    /// <summary>The matrix in its import format, one row per cell by likelihood then impact, with each band's colour.</summary>
    public static string Matrix(LoadedMatrix matrix) => CsvExport.ToText(csv =>
    {
        var m = matrix.Model;
        csv.Row([.. RiskImport.MatrixKind.Required, .. RiskImport.MatrixKind.Optional]);
        for (var l = 1; l <= m.Likelihoods; l++)
            for (var i = 1; i <= m.Impacts; i++)
            {
                var band = matrix.BandOf(new RiskScore(l, i));
                csv.Row(Level(l), Level(i), band?.Name ?? m.BandOf(new RiskScore(l, i)), m.LikelihoodLabel(l), m.ImpactLabel(i), band?.Colour);
            }
    });

    private static string Score(RiskScore? s) => s is { } x ? x.Value.ToString(CultureInfo.InvariantCulture) : "";

    private static string Level(int? level) => level?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
