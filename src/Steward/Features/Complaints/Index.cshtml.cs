using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Complaints;

/// <summary>
/// The complaints dashboard over a range of months (a quarter by default: the last one ended): complaints received by
/// stage, responses within the timescale by stage and service, escalations, outcomes, and the cases open now with those
/// overdue first. Everyone in the council reads it (councillors scrutinise it); complainants are never shown here. The
/// workbook gives every stage answered or received in the range.
/// </summary>
public class IndexModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public const int OpenShown = 50;

    public Organisation Organisation { get; private set; } = null!;
    public ComplaintSummary Summary { get; private set; } = null!;
    public List<StageCase> Open { get; private set; } = [];
    public int OpenCount { get; private set; }
    public int OverdueCount { get; private set; }
    public DateOnly Today { get; private set; }
    public bool Handles => user.Has(Role.ComplaintHandler);
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public async Task OnGetAsync()
    {
        var (from, to) = Range();
        var ct = HttpContext.RequestAborted;
        Summary = await ComplaintFigures.SummaryAsync(db, Organisation, from, to, ct);
        (Open, OpenCount, OverdueCount) = await ComplaintFigures.OpenAsync(db, Organisation, Today, OpenShown, ct);
    }

    /// <summary>Every stage received or answered in the range, one row each, without complainants' details.</summary>
    public async Task<IActionResult> OnGetWorkbookAsync()
    {
        var (from, to) = Range();
        var (first, last) = ComplaintFigures.Days(from, to);
        var cases = await ComplaintFigures.CasesAsync(db, Organisation,
            db.ComplaintStages.Where(s => s.Received >= first && s.Received <= last || s.Responded >= first && s.Responded <= last), HttpContext.RequestAborted);
        static SheetCell Date(DateOnly? d) => d?.ToString("yyyy-MM-dd");
        var rows = cases.OrderBy(c => c.Record.Received).ThenBy(c => c.Complaint.Reference, StringComparer.Ordinal).ThenBy(c => c.Record.Stage).Select(c => (IReadOnlyList<SheetCell>)
        [
            c.Complaint.Reference, c.Complaint.Service?.Name, Show.ComplaintStage(c.Record.Stage), c.Complaint.Category, c.Complaint.Channel,
            Date(c.Record.Received), Date(c.AcknowledgeBy), Date(c.Record.Acknowledged), Date(c.RespondBy), Date(c.Record.Responded),
            c.Record.Responded is null ? (c.Overdue(Today) ? "Overdue" : "Open") : c.AnsweredInTime ? "Yes" : "No",
            c.Record.ExtensionDays > 0 ? new SheetCell(c.Record.ExtensionDays.ToString(), c.Record.ExtensionDays, "0") : "", c.Record.ExtensionReason,
            c.Record.Outcome is null ? "" : Show.ComplaintOutcome(c.Record.Outcome),
        ]).ToList();
        return File(Xlsx.Write($"{Organisation.Name}: complaints {Show.Month(from)} to {Show.Month(to)}",
            [new Sheet("Complaints", ["Reference", "Service", "Stage", "Category", "Channel", "Received", "Acknowledge by", "Acknowledged", "Respond by", "Responded",
                "Within timescale", "Extension (working days)", "Extension reason", "Outcome"], rows)]),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{Organisation.Code}-complaints-{from}-to-{to}.xlsx".ToLowerInvariant());
    }

    /// <summary>The months asked for, else the last quarter that has ended; a bad month is named and the default used.</summary>
    private (Period From, Period To) Range()
    {
        Organisation = user.RequireOrganisation();
        Today = Organisation.Today(clock);
        var lastQuarter = DueResultsQuarter(Today);
        Period Read(string? text, Period fallback, string what)
        {
            if (string.IsNullOrWhiteSpace(text)) return fallback;
            if (Period.TryParse(text, out var p)) return p;
            Error = $"Enter the {what} month as YYYY-MM, like 2017-10";
            return fallback;
        }
        var from = Read(From, lastQuarter.AddMonths(-2), "first");
        var to = Read(To, lastQuarter, "last");
        if (to < from) (from, to, Error) = (lastQuarter.AddMonths(-2), lastQuarter, "The last month is before the first: the last quarter is shown");
        if (from.AddMonths(35) < to) (from, Error) = (to.AddMonths(-35), "Up to three years are shown at a time");
        (From, To) = (from.ToString(), to.ToString());
        return (from, to);
    }

    /// <summary>The last month of the last quarter (financial: June, September, December, March) that ended before <paramref name="today"/>.</summary>
    private static Period DueResultsQuarter(DateOnly today)
    {
        var month = new Period(today.Year, today.Month).AddMonths(-1);
        return Indicators.DueResults.LastEnding(month, Frequency.Quarterly);
    }

    public string Address(params (string Key, string? Value)[] extra) =>
        "/complaints?" + string.Join("&", new[] { ("from", From), ("to", To) }.Concat(extra).Where(x => !string.IsNullOrEmpty(x.Item2))
            .Select(x => $"{x.Item1}={Uri.EscapeDataString(x.Item2!)}"));
}
