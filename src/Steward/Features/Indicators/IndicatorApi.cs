using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Web;

namespace Steward.Features.Indicators;

public sealed record IndicatorJson(
    int Id, string Code, string Name, string? Description, string? Service, string? Theme, string? LeadOfficer, string? DataOwner,
    string Frequency, string Unit, string Polarity, bool InfoOnly, bool Cumulative, decimal Tolerance, bool ToleranceIsDefault,
    int Decimals, bool Retired);

public sealed record ResultJson(
    string Period, string Label, decimal? Value, string ValueText, decimal? Numerator, decimal? Denominator, decimal? Target,
    string Rag, string Status, string? UpdaterComment, string? ApproverComment, int Version);

public sealed record RagRowJson(
    string Code, string Period, decimal? Value, string ValueText, decimal? Target, string Rag, IReadOnlyList<string> Exceptions,
    decimal? Previous, decimal? LastYear, string Direction);

public sealed record SummaryJson(int Targetable, int Green, int Amber, int Red, int NoData, int NoTarget, string Sentence);

public sealed record RagJson(string Period, SummaryJson Summary, IReadOnlyList<RagRowJson> Indicators);

/// <summary>An updater's entry through the API: a value or a fraction, a comment; submit or keep as draft.</summary>
public sealed record ResultInputJson(decimal? Value, decimal? Numerator, decimal? Denominator, string? Comment, bool Submit, int? Version);

/// <summary>An approver's decision.</summary>
public sealed record DecisionJson(string? Comment, int Version);

/// <summary>
/// The JSON API for indicators, results and RAG (read) and results (write), under /api/v1. Bearer tokens
/// only; the same permissions as the pages: viewers read approved results only, updaters write the
/// indicators assigned to them, approvers decide on theirs.
/// </summary>
public static class IndicatorApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(p => p.AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName).RequireAuthenticatedUser())
            .WithTags("Indicators")
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.RequestServices.GetRequiredService<CurrentUser>().HasOrganisation
                    ? await next(context)
                    : TypedResults.Problem("the token's account no longer has a role in this organisation", statusCode: 403));
        api.MapGet("/indicators", ListAsync).WithSummary("All indicators (not retired unless asked)");
        api.MapGet("/indicators/{code}", GetAsync).WithSummary("One indicator by code");
        api.MapGet("/indicators/{code}/results", ResultsAsync).WithSummary("An indicator's results; approved only unless status=all and your role may see the rest");
        api.MapGet("/rag", RagAsync).WithSummary("RAG, targets, exceptions and the summary at a period (approved results only)");
        api.MapPut("/indicators/{code}/results/{period}", PutResultAsync).WithSummary("Enter a result: saved as a draft, or submitted for approval");
        api.MapPost("/indicators/{code}/results/{period}/approve", (string code, string period, DecisionJson body, StewardDb db, CurrentUser user, TimeProvider clock) =>
            DecideAsync(code, period, body, ApprovalAction.Approve, db, user, clock)).WithSummary("Approve a submitted result");
        api.MapPost("/indicators/{code}/results/{period}/return", (string code, string period, DecisionJson body, StewardDb db, CurrentUser user, TimeProvider clock) =>
            DecideAsync(code, period, body, ApprovalAction.Return, db, user, clock)).WithSummary("Return a submitted result to the updater, with a comment");
    }

    private static IndicatorJson Json(Indicator i, decimal orgTolerance) => new(
        i.Id, i.Code, i.Name, i.Description, i.Service?.Name, i.Theme?.Name, i.LeadOfficer?.Name, i.DataOwner?.Name,
        i.Frequency.Name(), i.Unit.Name(), i.Polarity.Name(), i.InfoOnly, i.Cumulative, i.Tolerance ?? orgTolerance, i.Tolerance is null,
        i.Decimals, i.Retired);

    private static IQueryable<Indicator> WithNames(StewardDb db) =>
        db.Indicators.Include(i => i.Service).Include(i => i.Theme).Include(i => i.LeadOfficer).Include(i => i.DataOwner);

    private static async Task<Ok<List<IndicatorJson>>> ListAsync(StewardDb db, CurrentUser user, bool? retired)
    {
        var org = user.RequireOrganisation();
        var list = await WithNames(db).Where(i => retired == true || !i.Retired).ToListAsync();
        return TypedResults.Ok(list.OrderBy(i => i.Code, StringComparer.Ordinal).Select(i => Json(i, org.DefaultTolerance)).ToList());
    }

    private static async Task<Results<Ok<IndicatorJson>, NotFound>> GetAsync(string code, StewardDb db, CurrentUser user)
    {
        var i = await WithNames(db).SingleOrDefaultAsync(x => x.CodeKey == Indicator.Key(code));
        return i is null ? TypedResults.NotFound() : TypedResults.Ok(Json(i, user.RequireOrganisation().DefaultTolerance));
    }

    private static async Task<Results<Ok<List<ResultJson>>, NotFound, ProblemHttpResult>> ResultsAsync(
        string code, string? from, string? to, string? status, StewardDb db, CurrentUser user)
    {
        var org = user.RequireOrganisation();
        var indicator = await db.Indicators.SingleOrDefaultAsync(x => x.CodeKey == Indicator.Key(code));
        if (indicator is null) return TypedResults.NotFound();
        if (status is not (null or "approved" or "all")) return TypedResults.Problem("status is approved or all", statusCode: 400);
        if (status == "all" && !user.CanSeeUnapproved) return TypedResults.Problem("your role sees approved results only", statusCode: 403);
        Period? f = null, t = null;
        if (from is not null) { if (!Period.TryParse(from, out var p)) return BadPeriod("from"); f = p; }
        if (to is not null) { if (!Period.TryParse(to, out var p)) return BadPeriod("to"); t = p; }

        var q = db.Results.Where(r => r.IndicatorId == indicator.Id);
        if (status != "all") q = q.Where(r => r.Status == ApprovalStatus.Approved);
        if (f is { } ff) q = q.Where(r => r.Period >= ff);
        if (t is { } tt) q = q.Where(r => r.Period <= tt);
        var results = (await q.ToListAsync()).OrderBy(r => r.Period).ToList();
        if (results.Count == 0) return TypedResults.Ok(new List<ResultJson>());
        var targets = await TargetLookup.LoadAsync(db, [indicator.Id], results[0].Period, results[^1].Period);
        return TypedResults.Ok(results.Select(r => ResultJsonOf(indicator, r, targets.At(indicator.Id, r.Period), org)).ToList());
    }

    private static ResultJson ResultJsonOf(Indicator i, Result r, decimal? target, Organisations.Organisation org)
    {
        var rag = i.Rate(r.Value, target, org);
        return new ResultJson(r.Period.ToString(), r.Period.Label(i.Frequency), r.Value, Numbers.Format(r.Value, i.Decimals),
            r.Numerator, r.Denominator, target, rag.Name(), r.Status.ToString().ToLowerInvariant(), r.UpdaterComment, r.ApproverComment, r.Version);
    }

    private static ProblemHttpResult BadPeriod(string name) =>
        TypedResults.Problem($"{name} is not a period: write YYYY-MM, the month in which the period ends", statusCode: 400);

    private static async Task<Results<Ok<RagJson>, ProblemHttpResult>> RagAsync(string? period, StewardDb db, CurrentUser user)
    {
        if (!Period.TryParse(period, out var p)) return BadPeriod("period");
        var statuses = await Performance.AtAsync(db, user.RequireOrganisation(), p);
        var s = Performance.Summarise(statuses);
        return TypedResults.Ok(new RagJson(p.ToString(), new SummaryJson(s.Targetable, s.Green, s.Amber, s.Red, s.NoData, s.NoTarget, s.Sentence),
            statuses.Select(x => new RagRowJson(x.Indicator.Code, p.ToString(), x.Observation.Value, x.ValueText, x.Observation.Target,
                x.Rag.Name(), x.Exceptions.Select(e => e.Name()).ToList(), x.Comparison.Previous, x.Comparison.LastYear, x.Comparison.Direction.Name())).ToList()));
    }

    private static async Task<IResult> PutResultAsync(string code, string period, ResultInputJson body, StewardDb db, CurrentUser user, TimeProvider clock)
    {
        var org = user.RequireOrganisation();
        var indicator = await db.Indicators.SingleOrDefaultAsync(x => x.CodeKey == Indicator.Key(code));
        if (indicator is null || !Period.TryParse(period, out var p)) return TypedResults.NotFound();
        var actor = await user.ActorForAsync(db, indicator.Id);
        if (!ApprovalWorkflow.CanEnter(actor)) return TypedResults.Problem("only the indicator's updaters or the performance team can enter its results", statusCode: 403);
        string? Text(decimal? d) => d is { } x ? Numbers.Plain(x) : null;
        var outcome = await ResultEntry.EnterAsync(db, indicator, p, new ResultForm(Text(body.Value), Text(body.Numerator), Text(body.Denominator), body.Comment),
            body.Submit ? ApprovalAction.Submit : ApprovalAction.SaveDraft, actor, body.Version, clock.GetUtcNow().UtcDateTime, org.Today(clock));
        return await Respond(outcome, indicator, org, db);
    }

    private static async Task<IResult> DecideAsync(string code, string period, DecisionJson body, ApprovalAction action, StewardDb db, CurrentUser user, TimeProvider clock)
    {
        var org = user.RequireOrganisation();
        var indicator = await db.Indicators.SingleOrDefaultAsync(x => x.CodeKey == Indicator.Key(code));
        if (indicator is null || !Period.TryParse(period, out var p)) return TypedResults.NotFound();
        var result = await db.Results.SingleOrDefaultAsync(r => r.IndicatorId == indicator.Id && r.Period == p);
        if (result is null) return TypedResults.NotFound();
        var actor = await user.ActorForAsync(db, indicator.Id);
        if (!actor.IsApprover) return TypedResults.Problem("only the indicator's approvers can approve or return its results", statusCode: 403);
        var outcome = await ResultEntry.DecideAsync(db, result, action, actor, body.Comment, body.Version, clock.GetUtcNow().UtcDateTime);
        return await Respond(outcome, indicator, org, db);
    }

    private static async Task<IResult> Respond(EntryOutcome outcome, Indicator indicator, Organisations.Organisation org, StewardDb db)
    {
        if (outcome.Conflict) return TypedResults.Problem(ResultEntry.ConflictMessage, statusCode: 409);
        if (!outcome.Succeeded)
            return TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => e.Key.Length == 0 ? "result" : e.Key, e => new[] { e.Value }));
        var r = outcome.Result!;
        var target = await TargetLookup.AtAsync(db, indicator.Id, r.Period);
        return TypedResults.Ok(ResultJsonOf(indicator, r, target, org));
    }
}
