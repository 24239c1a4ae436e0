using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Steward.Common;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Web;

namespace Steward.Features.Import;

/// <summary>CSV import from the browser: the CLI's formats and all-or-nothing rules, errors listed by line.</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class ImportModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public const long MaxBytes = 20 * 1024 * 1024;

    public IReadOnlyList<ImportError> Errors { get; private set; } = [];
    public ImportCounts? Counts { get; private set; }
    public IReadOnlyList<ImportError> Warnings { get; private set; } = [];

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
        var imports = files.Select(f => new ImportFile(Path.GetFileName(f.FileName), f.OpenReadStream)).ToList();
        var outcome = await CsvImport.RunAsync(db, user.RequireOrganisation(), imports, HttpContext.RequestAborted, clock);
        Errors = outcome.Errors;
        Counts = outcome.Counts;
        Warnings = outcome.Warnings;
        if (outcome.Conflict is { } conflict)
            ModelState.AddModelError("files", $"Nothing was imported: {conflict}");
        else if (!outcome.Succeeded)
            ModelState.AddModelError("files", $"Nothing was imported: the files have {Errors.Count} error{(Errors.Count == 1 ? "" : "s")}, listed below");
        return Page();
    }
}

