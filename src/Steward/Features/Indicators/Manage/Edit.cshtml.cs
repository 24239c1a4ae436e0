using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Indicators.Manage;

/// <summary>Creates or edits an indicator's definition; retires or reinstates it. Edits are version-checked.</summary>
[RequireRole(Role.PerformanceOfficer, Role.Administrator)]
public class EditModel(StewardDb db, CurrentUser user) : PageModel
{
    public Indicator? Existing { get; private set; }
    public Organisation Organisation { get; private set; } = null!;
    public List<string> ServiceNames { get; private set; } = [];
    public List<string> ThemeNames { get; private set; } = [];
    public List<string> PeopleNames { get; private set; } = [];

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Service { get; set; }
    [BindProperty] public string? Theme { get; set; }
    [BindProperty] public string? LeadOfficer { get; set; }
    [BindProperty] public string? DataOwner { get; set; }
    [BindProperty] public string? Frequency { get; set; }
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public string? Polarity { get; set; }
    [BindProperty] public string? InfoOnly { get; set; }
    [BindProperty] public string? Cumulative { get; set; }
    [BindProperty] public string? Tolerance { get; set; }
    [BindProperty] public string? Decimals { get; set; }
    [BindProperty] public string? FirstPeriod { get; set; }
    [BindProperty] public string? Multiplier { get; set; }
    [BindProperty] public string? ComplaintMeasure { get; set; }
    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        if (Existing is { } i)
        {
            (Code, Name, Description) = (i.Code, i.Name, i.Description);
            (Service, Theme, LeadOfficer, DataOwner) = (i.Service?.Name, i.Theme?.Name, i.LeadOfficer?.Name, i.DataOwner?.Name);
            (Frequency, Unit, Polarity) = (i.Frequency.Name(), i.Unit.Name(), i.Polarity.Name());
            (InfoOnly, Cumulative) = (i.InfoOnly ? "true" : "false", i.Cumulative ? "true" : "false");
            Tolerance = i.Tolerance is { } t ? Numbers.Plain(t) : null;
            Decimals = i.Decimals.ToString(System.Globalization.CultureInfo.InvariantCulture);
            FirstPeriod = i.FirstPeriod?.ToString();
            Multiplier = i.Multiplier?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ComplaintMeasure = i.ComplaintMeasure?.ToString();
            Version = i.Version;
        }
        else
        {
            (Frequency, Unit, Polarity, InfoOnly, Cumulative, Decimals) = ("quarterly", "percent", "higher", "false", "false", "2");
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        var code = Code?.Trim() ?? "";
        if (code.Length == 0) ModelState.AddModelError("code", "Enter a code, like CS02a");
        else if (!Indicator.IsValidCode(code)) ModelState.AddModelError("code", "The code can have letters, digits and _ . - / only, and must start with a letter or digit");
        else if (await db.Indicators.AnyAsync(i => i.CodeKey == Indicator.Key(code) && i.Id != (Existing == null ? 0 : Existing.Id)))
            ModelState.AddModelError("code", $"Another indicator already has the code {code}");
        if (string.IsNullOrWhiteSpace(Name)) ModelState.AddModelError("name", "Enter the indicator's name");
        else if (Name.Trim().Length > 300) ModelState.AddModelError("name", "The name must be 300 characters or fewer");
        if ((Description?.Length ?? 0) > 4000) ModelState.AddModelError("description", "The description must be 4,000 characters or fewer");
        if (!FrequencyNames.TryParse(Frequency, out var frequency)) ModelState.AddModelError("frequency", "Select how often it is measured");
        if (!MeasureNames.TryParseUnit(Unit, out var unit)) ModelState.AddModelError("unit", "Select the unit");
        if (!MeasureNames.TryParsePolarity(Polarity, out var polarity)) ModelState.AddModelError("polarity", "Select whether higher or lower is better");
        decimal? tolerance = null;
        if (!string.IsNullOrWhiteSpace(Tolerance))
        {
            if (!Numbers.TryParse(Tolerance, out var t) || t is < 0 or > 1000) ModelState.AddModelError("tolerance", "The tolerance must be a number from 0 to 1000, like 5");
            else tolerance = t;
        }
        var decimals = 2;
        if (!string.IsNullOrWhiteSpace(Decimals) && (!int.TryParse(Decimals, out decimals) || decimals is < 0 or > IndicatorImport.MaxDecimals))
            ModelState.AddModelError("decimals", $"Decimal places must be a whole number from 0 to {IndicatorImport.MaxDecimals}");
        Period? firstPeriod = null;
        if (!string.IsNullOrWhiteSpace(FirstPeriod))
        {
            if (!Domain.Period.TryParse(FirstPeriod, out var fp)) ModelState.AddModelError("first-period", "Enter the first period as YYYY-MM, like 2017-06");
            else if (frequency is { } fq && !fp.Ends(fq)) ModelState.AddModelError("first-period", $"{fp} does not end a {fq.PeriodNoun()}");
            else firstPeriod = fp;
        }
        if (Existing is not null && frequency is { } newFrequency &&
            await IndicatorRules.FrequencyChangeProblemAsync(db, Existing, newFrequency) is { } problem)
            ModelState.AddModelError("frequency", char.ToUpperInvariant(problem[0]) + problem[1..]);
        // Percentages are always × 100; other units take 1 (empty) or a rate per 1,000 to 100,000.
        int? multiplier = null;
        if (unit is { } u && u != Domain.Unit.Percent && !string.IsNullOrEmpty(Multiplier))
        {
            if (int.TryParse(Multiplier, out var m) && Multipliers.Problem(u, m) is null) multiplier = m == 1 ? null : m;
            else ModelState.AddModelError("multiplier", "Select what a numerator / denominator is multiplied by");
        }
        if (Existing is not null && unit is { } newUnit &&
            await IndicatorRules.MultiplierChangeProblemAsync(db, Existing, newUnit, multiplier) is { } multiplierProblem)
            ModelState.AddModelError("multiplier", char.ToUpperInvariant(multiplierProblem[0]) + multiplierProblem[1..]);
        if (!ModelState.IsValid) return Page();

        var indicator = Existing ?? db.Indicators.Add(new Indicator { Code = code, CodeKey = Indicator.Key(code), Name = Name!.Trim() }).Entity;
        if (Existing is not null) db.Entry(indicator).Property(i => i.Version).OriginalValue = Version;
        var names = new NameResolver(db);
        indicator.Code = code;
        indicator.CodeKey = Indicator.Key(code);
        indicator.Name = Name!.Trim();
        indicator.Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        indicator.SetService(await names.ServiceAsync(Service));
        indicator.SetTheme(await names.ThemeAsync(Theme));
        indicator.SetLeadOfficer(await names.PersonAsync(LeadOfficer));
        indicator.SetDataOwner(await names.PersonAsync(DataOwner));
        indicator.Frequency = frequency!.Value;
        indicator.Unit = unit!.Value;
        indicator.Polarity = polarity!.Value;
        indicator.InfoOnly = InfoOnly == "true";
        indicator.Cumulative = Cumulative == "true";
        indicator.Tolerance = tolerance;
        indicator.Decimals = decimals;
        indicator.FirstPeriod = firstPeriod;
        indicator.Multiplier = multiplier;
        indicator.ComplaintMeasure = FormValues.Named<ComplaintMeasure>(ComplaintMeasure);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            if (Existing is null || e is not DbUpdateConcurrencyException)
            {
                // Not a change to this indicator but another indicator given the same code meanwhile.
                ModelState.AddModelError("code", "Someone else has just given an indicator this code. Choose another code.");
                return Page();
            }
            Version = await Audit.EditConflict.RefuseAsync(this, db, indicator.Id, Version, "Someone else changed this indicator after you opened it, so your change was not saved", indicator);
            return Page();
        }
        return Redirect($"/indicators/{indicator.Id}");
    }

    public async Task<IActionResult> OnPostRetireAsync(string id)
    {
        if (await LoadAsync(id) is { } missing) return missing;
        if (Existing is null) return NotFound();
        db.Entry(Existing).Property(i => i.Version).OriginalValue = Version;
        Existing.Retired = !Existing.Retired;
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            // Nothing was typed: show the indicator as it is now, with who changed it, when and what.
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", "Someone else changed this indicator after you opened it, so it was not retired or restored");
            await Audit.EditConflict.ShowAsync<Indicator>(this, db, Existing.Id, Version, "Check the indicator as it is now, then retire or restore it again if you still need to.");
            return await OnGetAsync(id);
        }
        return Redirect("/manage/indicators");
    }

    private async Task<IActionResult?> LoadAsync(string id)
    {
        Organisation = user.RequireOrganisation();
        if (id != "new")
        {
            if (!int.TryParse(id, out var n)) return NotFound();
            Existing = await db.Indicators.Include(i => i.Service).Include(i => i.Theme).Include(i => i.LeadOfficer).Include(i => i.DataOwner)
                .SingleOrDefaultAsync(i => i.Id == n);
            if (Existing is null) return NotFound();
        }
        ServiceNames = (await db.Services.Select(s => s.Name).ToListAsync()).Order(StringComparer.Ordinal).ToList();
        ThemeNames = (await db.Themes.Select(s => s.Name).ToListAsync()).Order(StringComparer.Ordinal).ToList();
        PeopleNames = (await db.People.Select(s => s.Name).ToListAsync()).Order(StringComparer.Ordinal).ToList();
        return null;
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
