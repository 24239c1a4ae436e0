using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Indicators;

/// <summary>
/// Downloads, as CSV or Excel: indicators, results, the risk matrix, risks, programmes, projects, milestones and highlight
/// reports in the import formats, and the RAG export
/// for a period.
/// </summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class ExportModel(StewardDb db, CurrentUser user) : PageModel
{
    public Period? ReportingPeriod { get; private set; }
    public string OrganisationName => user.RequireOrganisation().Name;

    public async Task OnGetAsync() => ReportingPeriod = await Performance.ReportingPeriodAsync(db, user.RequireOrganisation());

    public async Task<IActionResult> OnGetIndicatorsAsync() =>
        CsvFile(await IndicatorExport.IndicatorsCsvAsync(db, HttpContext.RequestAborted), "indicators");

    public async Task<IActionResult> OnGetResultsAsync(string? from, string? to) =>
        CsvFile(await IndicatorExport.ResultsCsvAsync(db, Parse(from), Parse(to), HttpContext.RequestAborted), "results");

    public async Task<IActionResult> OnGetTargetsAsync() =>
        CsvFile(await IndicatorExport.AnnualTargetsCsvAsync(db, HttpContext.RequestAborted), "targets");

    public async Task<IActionResult> OnGetRagAsync(string? period)
    {
        if (Parse(period) is not { } p) return BadRequest();
        var statuses = await Performance.AtAsync(db, user.RequireOrganisation(), p, HttpContext.RequestAborted);
        return CsvFile(RagExport.Write(statuses), $"rag-{p}");
    }

    public async Task<IActionResult> OnGetMatrixAsync() =>
        await Features.Risks.RiskMatrixStore.LoadAsync(db, HttpContext.RequestAborted) is { } matrix
            ? CsvFile(Features.Risks.RiskExport.Matrix(matrix), "matrix")
            : NotFound();

    public async Task<IActionResult> OnGetRisksAsync() =>
        CsvFile(await Features.Risks.RiskExport.FullAsync(db, HttpContext.RequestAborted), "risks");

    public async Task<IActionResult> OnGetProgrammesAsync() => CsvFile(await Projects.ProjectExport.ProgrammesCsvAsync(db, HttpContext.RequestAborted), "programmes");

    public async Task<IActionResult> OnGetProjectsAsync() => CsvFile(await Projects.ProjectExport.ProjectsCsvAsync(db, HttpContext.RequestAborted), "projects");

    public async Task<IActionResult> OnGetMilestonesAsync() => CsvFile(await Projects.ProjectExport.MilestonesCsvAsync(db, HttpContext.RequestAborted), "milestones");

    public async Task<IActionResult> OnGetHighlightsAsync(string? from, string? to) =>
        CsvFile(await Projects.ProjectExport.HighlightsCsvAsync(db, Parse(from), Parse(to), HttpContext.RequestAborted), "highlights");

    public async Task<IActionResult> OnGetMilestoneDatesAsync(string? from, string? to) =>
        CsvFile(await Projects.ProjectExport.MilestoneDatesCsvAsync(db, Parse(from), Parse(to), HttpContext.RequestAborted), "milestone-dates");

    private static Period? Parse(string? text) => Period.TryParse(text, out var p) ? p : null;

    /// <summary>"xlsx" for an Excel workbook of the same table; anything else, CSV.</summary>
    [BindProperty(SupportsGet = true, Name = "format")] public string? Format { get; set; }

    /// <summary>The export as CSV, or as a one-sheet Excel workbook (numbers as numbers) when asked for.</summary>
    private FileContentResult CsvFile(string csv, string name)
    {
        var file = $"{user.RequireOrganisation().Code.ToLowerInvariant()}-{name}";
        return Format == "xlsx"
            ? File(Xlsx.FromCsv($"{OrganisationName}: {name}", name, csv), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file + ".xlsx")
            : File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", file + ".csv");
    }
}
