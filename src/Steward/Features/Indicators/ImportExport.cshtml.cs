using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Indicators;

/// <summary>CSV import from the browser: the CLI's formats and all-or-nothing rules, errors listed by line.</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class ImportModel(StewardDb db, CurrentUser user) : PageModel
{
    public const long MaxBytes = 20 * 1024 * 1024;

    public IReadOnlyList<ImportError> Errors { get; private set; } = [];
    public ImportSummary? Summary { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(List<IFormFile> files)
    {
        if (files.Count == 0)
        {
            ModelState.AddModelError("files", "Select one or more CSV files");
            return Page();
        }
        if (files.Sum(f => f.Length) > MaxBytes)
        {
            ModelState.AddModelError("files", "The files must be smaller than 20 MB in total");
            return Page();
        }
        var imports = new List<ImportFile>();
        foreach (var f in files)
        {
            using var stream = new MemoryStream();
            await f.CopyToAsync(stream);
            imports.Add(new ImportFile(Path.GetFileName(f.FileName), stream.ToArray()));
        }
        var outcome = await IndicatorImport.RunAsync(db, user.RequireOrganisation(), imports, HttpContext.RequestAborted);
        Errors = outcome.Errors;
        Summary = outcome.Summary;
        if (!outcome.Succeeded)
            ModelState.AddModelError("files", $"Nothing was imported: the files have {Errors.Count} error{(Errors.Count == 1 ? "" : "s")}, listed below");
        return Page();
    }
}

/// <summary>CSV downloads: indicators and results in the import formats, and the RAG export for a period.</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class ExportModel(StewardDb db, CurrentUser user) : PageModel
{
    public Period? ReportingPeriod { get; private set; }

    public async Task OnGetAsync() => ReportingPeriod = await Performance.ReportingPeriodAsync(db, user.RequireOrganisation());

    public async Task<IActionResult> OnGetIndicatorsAsync() =>
        CsvFile(await IndicatorExport.IndicatorsCsvAsync(db, HttpContext.RequestAborted), "indicators");

    public async Task<IActionResult> OnGetResultsAsync(string? from, string? to) =>
        CsvFile(await IndicatorExport.ResultsCsvAsync(db, Parse(from), Parse(to), HttpContext.RequestAborted), "results");

    public async Task<IActionResult> OnGetRagAsync(string? period)
    {
        if (Parse(period) is not { } p) return BadRequest();
        var statuses = await Performance.AtAsync(db, user.RequireOrganisation(), p, HttpContext.RequestAborted);
        return CsvFile(RagExport.Write(statuses), $"rag-{p}");
    }

    private static Period? Parse(string? text) => Period.TryParse(text, out var p) ? p : null;

    private FileContentResult CsvFile(string csv, string name) =>
        File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"{user.RequireOrganisation().Code.ToLowerInvariant()}-{name}.csv");
}
