using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Indicators;

public class DashboardPageModel(StewardDb db, CurrentUser user, TimeProvider clock, CouncilCache cache) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public int? Directorate { get; set; }
    [BindProperty(SupportsGet = true)] public int? Service { get; set; }
    [BindProperty(SupportsGet = true)] public int? Theme { get; set; }
    [BindProperty(SupportsGet = true)] public string? Frequency { get; set; }
    [BindProperty(SupportsGet = true)] public bool Exceptions { get; set; }
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }
    [BindProperty(SupportsGet = true)] public bool Unapproved { get; set; }
    [BindProperty(SupportsGet = true, Name = "pg")] public int PageNumber { get; set; } = 1;

    public Organisation Organisation { get; private set; } = null!;
    public DashboardView View { get; private set; } = null!;
    public List<Directorate> Directorates { get; private set; } = [];
    public List<Service> Services { get; private set; } = [];
    public List<Theme> Themes { get; private set; } = [];
    public List<Period> PeriodChoices { get; private set; } = [];
    public bool CanSeeUnapproved => user.CanSeeUnapproved;
    public DateOnly Today { get; private set; }

    public Task OnGetAsync() => LoadAsync(Dashboard.PageSize);

    /// <summary>
    /// The dashboard as filtered — every indicator, not one page — as a workbook: a sheet per frequency, a row per
    /// indicator with its group, code and name, each of the 13 periods as a number in the indicator's format on its
    /// RAG's tint ("Missing" and "No data" as words), then the latest target, RAG, direction and exceptions.
    /// </summary>
    public async Task<IActionResult> OnGetWorkbookAsync()
    {
        await LoadAsync(int.MaxValue);
        var sheets = View.Sections.Select(section => new Sheet(Show.Frequency(section.Frequency),
            [Group == "service" ? "Service" : "Theme", "Code", "Indicator", .. section.Periods.Select(Show.Month), "Target", "RAG", "Direction", "Exceptions"],
            section.Groups.SelectMany(g => g.Rows.Select(row => (IReadOnlyList<SheetCell>)
            [
                g.Name, row.Indicator.Code, row.Indicator.Name,
                .. row.Cells.Select(c => c.Kind switch
                {
                    CellKind.Value => new SheetCell(Show.Value(row.Indicator, c.Value), c.Value, Show.SpreadsheetFormat(row.Indicator.Decimals, row.Indicator.Unit), Show.RagFill(c.Rag)),
                    CellKind.NoData => new SheetCell("No data"),
                    CellKind.Missing => new SheetCell("Missing"),
                    _ => new SheetCell(null),
                }),
                row.Target is { } t ? new SheetCell(Show.Target(row.Indicator, t), t, Show.SpreadsheetFormat(row.Indicator.Decimals, row.Indicator.Unit)) : new SheetCell(Show.Target(row.Indicator, null)),
                new SheetCell(Show.Rag(row.Rag), Fill: Show.RagFill(row.Rag)), Show.Direction(row.Direction),
                string.Join("; ", row.Exceptions.Select(e => e.Describe())),
            ])).ToList()));
        var name = $"{Organisation.Code}-dashboard-{Period}{(Exceptions ? "-exceptions" : "")}".ToLowerInvariant();
        return File(Xlsx.Write($"{Organisation.Name}: dashboard to {Show.Month(Domain.Period.Parse(Period!))}", sheets),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
    }

    private async Task LoadAsync(int pageSize)
    {
        Organisation = user.RequireOrganisation();
        Today = Organisation.Today(clock);
        var reporting = await Performance.ReportingPeriodAsync(db, Organisation, HttpContext.RequestAborted)
                        ?? new Period(Today.Year, Today.Month).AddMonths(-1);
        var selected = Domain.Period.TryParse(Period, out var p) ? p : reporting;
        var latest = selected > reporting ? selected : reporting;
        PeriodChoices = Enumerable.Range(0, 72).Select(i => latest.AddMonths(-i)).ToList();
        if (!PeriodChoices.Contains(selected)) PeriodChoices.Add(selected);
        FrequencyNames.TryParse(Frequency, out var frequency);

        Directorates = (await db.Directorates.ToListAsync()).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        Services = (await db.Services.ToListAsync()).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        Themes = (await db.Themes.ToListAsync()).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

        var query = new DashboardQuery(selected, Directorate, Service, Theme, frequency, Exceptions, Group == "service",
            Unapproved && user.CanSeeUnapproved, Math.Max(1, PageNumber), pageSize);
        View = await Dashboard.BuildAsync(db, Organisation, query, Today, HttpContext.RequestAborted,
            Exceptions ? await CouncilFigures.ExceptionsAsync(cache, db, Organisation, selected, HttpContext.RequestAborted) : null);
        Period = selected.ToString();
    }

    /// <summary>This page's address with one setting changed (for paging).</summary>
    public string Link(int page) => Address(("pg", PageAddress.PageNumber(page)));

    /// <summary>The workbook of this view: every page.</summary>
    public string WorkbookLink() => Address(("handler", "Workbook"));

    private string Address((string, string?) last) => PageAddress.Of("/dashboard",
        ("period", Period), ("directorate", Directorate?.ToString()), ("service", Service?.ToString()),
        ("theme", Theme?.ToString()), ("frequency", Frequency), ("exceptions", PageAddress.Flag(Exceptions)),
        ("group", Group), ("unapproved", PageAddress.Flag(Unapproved)), last);
}
