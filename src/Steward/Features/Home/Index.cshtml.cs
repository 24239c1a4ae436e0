using Microsoft.AspNetCore.Mvc.RazorPages;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Home;

public class IndexModel(StewardDb db, CurrentUser user) : PageModel
{
    public Organisation Organisation { get; private set; } = null!;
    public List<(Indicator Indicator, IndicatorStatus? Latest)> Rows { get; private set; } = [];
    public PerformanceSummary? Summary { get; private set; }
    public Period? ReportingPeriod { get; private set; }

    public async Task OnGetAsync()
    {
        Organisation = user.RequireOrganisation();
        Rows = await Performance.LatestAsync(db, Organisation, HttpContext.RequestAborted);
        ReportingPeriod = await Performance.ReportingPeriodAsync(db, Organisation, HttpContext.RequestAborted);
        if (ReportingPeriod is { } p)
            Summary = Performance.Summarise(await Performance.AtAsync(db, Organisation, p, HttpContext.RequestAborted));
    }
}
