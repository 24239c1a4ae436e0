using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Complaints;
using Steward.Web;

namespace Steward.Features.Finance;

/// <summary>A budget line as at a month: pounds, signed (variance = forecast − budget, positive an overspend).</summary>
public sealed record BudgetLineJson(string Service, string Line, string Kind, string ReportedFor, decimal Budget, decimal Forecast, decimal Variance,
    decimal? VariancePercent, decimal? Actual, string? Commentary, bool PassesThreshold);

/// <summary>A reserve as at a month: pounds, signed (change = forecast closing − opening).</summary>
public sealed record ReserveJson(string Reserve, string ReportedFor, decimal Opening, decimal ForecastClosing, decimal Change);

/// <summary>A committee's budget monitoring as at a month (financial period 1 to 12 from April).</summary>
public sealed record BudgetJson(string Committee, string Period, int FinancialPeriod, decimal Threshold, IReadOnlyList<BudgetLineJson> Lines, IReadOnlyList<ReserveJson> Reserves);

/// <summary>Responses at a stage: answered, within the timescale, and the percentage (null when none).</summary>
public sealed record TimelinessJson(int Answered, int WithinTimescale, decimal? Percent);

/// <summary>The complaints log over months [from, to]: never a complainant.</summary>
public sealed record ComplaintSummaryJson(string From, string To, IReadOnlyDictionary<string, int> Received, IReadOnlyDictionary<string, TimelinessJson> Answered,
    int Escalated, decimal? EscalationPercent, IReadOnlyList<ComplaintServiceJson> Services);

public sealed record ComplaintServiceJson(string Service, int Stage1Received, TimelinessJson Stage1, TimelinessJson Stage2);

/// <summary>
/// The JSON API for money and complaints, under /api/v1 (bearer tokens, every role may read): one committee's budget and
/// reserves as at a month, as the finance page gives them, and the complaints log's figures over a range of months, as
/// the complaints dashboard gives them. Money is pounds and pence, signed, whatever unit the pages print.
/// </summary>
public static class FinanceApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("Finance and complaints");
        api.MapGet("/budget", BudgetAsync).WithSummary("A committee's budget lines and reserves as at a month (committee=CODE, period=YYYY-MM): the figures last reported in the financial year up to it");
        api.MapGet("/complaints/summary", ComplaintsAsync).WithSummary("The complaints log over months from=YYYY-MM to=YYYY-MM: received, answered within the timescale by stage and service, escalations");
    }

    private static async Task<Results<Ok<BudgetJson>, ProblemHttpResult>> BudgetAsync(string? committee, string? period, StewardDb db, CurrentUser user, HttpContext http)
    {
        var org = user.RequireOrganisation();
        if (!Period.TryParse(period, out var month)) return TypedResults.Problem("period is not a month: write YYYY-MM (September is P6)", statusCode: 400);
        var found = string.IsNullOrWhiteSpace(committee) ? null
            : await db.Committees.AsNoTracking().SingleOrDefaultAsync(c => c.Code == committee.Trim().ToUpper(), http.RequestAborted);
        if (found is null) return TypedResults.Problem("committee is not one of the council's committees: give its code", statusCode: 400);
        var lines = await FinanceTables.BudgetAsync(db, month, found.Id, http.RequestAborted);
        var reserves = await FinanceTables.ReservesAsync(db, month, found.Id, http.RequestAborted);
        return TypedResults.Ok(new BudgetJson(found.Code, month.ToString(), BudgetRules.FinancialPeriod(month), org.BudgetVarianceThreshold,
            lines.Select(l => new BudgetLineJson(l.Service, l.Line.Name, l.Line.Kind.ToString().ToLowerInvariant(), l.ReportedFor.ToString(), l.Budget, l.Forecast, l.Variance,
                l.VariancePercent, l.Actual, l.Commentary, BudgetRules.NeedsCommentary(l.Variance, org.BudgetVarianceThreshold))).ToList(),
            reserves.Select(r => new ReserveJson(r.Reserve.Name, r.ReportedFor.ToString(), r.Opening, r.ForecastClosing, r.Change)).ToList()));
    }

    private static async Task<Results<Ok<ComplaintSummaryJson>, ProblemHttpResult>> ComplaintsAsync(string? from, string? to, StewardDb db, CurrentUser user, HttpContext http)
    {
        var org = user.RequireOrganisation();
        if (!Period.TryParse(from, out var first) || !Period.TryParse(to, out var last) || last < first || first.AddMonths(35) < last)
            return TypedResults.Problem("from and to are months YYYY-MM, from not after to, at most three years apart", statusCode: 400);
        var s = await ComplaintFigures.SummaryAsync(db, org, first, last, http.RequestAborted);
        static TimelinessJson T(Timeliness t) => new(t.Responses, t.InTime, t.Percent);
        static string Key(ComplaintStage stage) => stage switch { ComplaintStage.Stage1 => "stage1", ComplaintStage.Stage2 => "stage2", _ => "ombudsman" };
        return TypedResults.Ok(new ComplaintSummaryJson(first.ToString(), last.ToString(),
            s.Received.ToDictionary(x => Key(x.Key), x => x.Value), s.Answered.ToDictionary(x => Key(x.Key), x => T(x.Value)),
            s.Escalated, s.EscalationPercent, s.ByService.Select(x => new ComplaintServiceJson(x.Service, x.Received, T(x.Stage1), T(x.Stage2))).ToList()));
    }
}
