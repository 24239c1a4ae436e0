using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Steward.Cli;
using Steward.Common;
using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Projects;

/// <summary>The project register as CSV, and the <c>export projects</c> verb that writes it.</summary>
public static class ProjectExport
{
    /// <summary>The columns, in order.</summary>
    public static readonly string[] Columns =
    [
        "code", "name", "programme", "directorate", "stage", "sponsor", "project_manager",
        "overall_rag", "time_rag", "cost_rag", "scope_rag", "quality_rag",
        "baseline_start", "baseline_end", "forecast_end", "baseline_budget", "forecast_cost", "last_report",
    ];

    public static readonly Verb Verb = new("export projects", "--org CODE", "The project register, with each project's latest approved highlight report, as CSV.", ["org"],
        """
        One row per project, ordered by code:
          code,name,programme,directorate,stage,sponsor,project_manager,overall_rag,time_rag,cost_rag,
          scope_rag,quality_rag,baseline_start,baseline_end,forecast_end,baseline_budget,forecast_cost,last_report
        stage is proposal, initiation, delivery, closure or closed; the RAGs (green, amber, red, or empty) and the
        forecasts are the latest approved highlight report's, last_report its month (YYYY-MM); the baseline is the one
        in force, its budget capital plus revenue in pounds. Dates are YYYY-MM-DD.
        """, ExportAsync);

    private static async Task<int> ExportAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var (db, _) = await ctx.OpenForOrganisationAsync(line);
        await using (db) await ctx.Out.WriteAsync(await CsvAsync(db));
        return ExitCode.Success;
    }

    /// <summary>Every project of the current organisation, by code, read a page at a time.</summary>
    public static async Task<string> CsvAsync(StewardDb db, CancellationToken ct = default)
    {
        var rows = await Portfolio.AllAsync(db, new PortfolioFilter(), ct);
        static string Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        static string Rag(Rag? rag) => rag is { } r and not Domain.Rag.None ? r.Name() : "";
        return CsvExport.ToText(csv =>
        {
            csv.Row(Columns);
            foreach (var s in rows)
            {
                var (p, latest, current) = (s.Project, s.Latest, s.Current);
                csv.Row(p.Code, p.Name, p.Programme?.Name, p.Directorate?.Name, p.Stage.ToString().ToLowerInvariant(), p.Sponsor?.Name, p.Manager?.Name,
                    Rag(latest?.Overall), Rag(latest?.Time), Rag(latest?.Cost), Rag(latest?.Scope), Rag(latest?.Quality),
                    Iso(current?.Start), Iso(current?.End), Iso(latest?.ForecastEnd),
                    current is null ? "" : Numbers.Plain(current.Plan.Budget), latest?.ForecastCost is { } cost ? Numbers.Plain(cost) : "",
                    latest?.Period.ToString() ?? "");
            }
        });
    }
}
