using System.ComponentModel;
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

/// <summary>A result as the API writes it: the indicator's code, the period (YYYY-MM) and its label, figures, target, RAG and status.</summary>
public sealed record ResultJson(
    string Code, string Period, string Label, decimal? Value, string ValueText, decimal? Numerator, decimal? Denominator, decimal? Target,
    string Rag, string Status, string? UpdaterComment, string? ApproverComment, int Version);

public sealed record RagRowJson(
    string Code, string Period, decimal? Value, string ValueText, decimal? Target, string Rag, IReadOnlyList<string> Exceptions,
    decimal? Previous, decimal? LastYear, string Direction);

public sealed record SummaryJson(int Targetable, int Green, int Amber, int Red, int NoData, int NoTarget, string Sentence);

/// <summary>
/// RAG at a period: the summary counts every indicator with a period ending then; <see cref="Indicators"/> is one page of
/// them in code order, and <see cref="Next"/> the path of the next page (null on the last), as in <see cref="PageJson{T}"/>.
/// </summary>
public sealed record RagJson(string Period, SummaryJson Summary, IReadOnlyList<RagRowJson> Indicators, string? Next);

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
        var api = app.MapApiV1("Indicators");
        api.MapGet("/indicators", ListAsync).WithSummary("Indicators (not retired unless retired=true), a page at a time in code order")
            .WithDescription(PagingNote);
        api.MapGet("/indicators/{code}", GetAsync).WithSummary("One indicator by code");
        api.MapGet("/indicators/{code}/results", ResultsAsync)
            .WithSummary("An indicator's results, a page at a time by period; approved only unless status=all and your role may see the rest")
            .WithDescription(PagingNote);
        api.MapGet("/results", AllResultsAsync)
            .WithSummary("Every indicator's results (not retired unless retired=true), a page at a time by code then period; approved only unless status=all")
            .WithDescription(PagingNote);
        api.MapGet("/rag", RagAsync)
            .WithSummary("RAG, targets, exceptions and the summary at a period (approved results only); the indicators a page at a time in code order")
            .WithDescription(PagingNote + " The summary always counts every indicator.");
        api.MapPut("/indicators/{code}/results/{period}", PutResultAsync).WithSummary("Enter a result: saved as a draft, or submitted for approval");
        api.MapPost("/indicators/{code}/results/{period}/approve", (string code, string period, DecisionJson body, StewardDb db, CurrentUser user, TimeProvider clock) =>
            DecideAsync(code, period, body, ApprovalAction.Approve, db, user, clock)).WithSummary("Approve a submitted result");
        api.MapPost("/indicators/{code}/results/{period}/return", (string code, string period, DecisionJson body, StewardDb db, CurrentUser user, TimeProvider clock) =>
            DecideAsync(code, period, body, ApprovalAction.Return, db, user, clock)).WithSummary("Return a submitted result to the updater, with a comment");
    }

    /// <summary>How every list pages, for the OpenAPI document.</summary>
    internal const string PagingNote =
        "Paged: limit (1 to 1000, default 100) rows a page; 'next' (also a Link header with rel=\"next\") is the path and query of the " +
        "next page, or null on the last. Request it as it is (it carries an opaque 'after' cursor and the other parameters).";

    private static IndicatorJson Json(Indicator i, decimal orgTolerance) => new(
        i.Id, i.Code, i.Name, i.Description, i.Service?.Name, i.Theme?.Name, i.LeadOfficer?.Name, i.DataOwner?.Name,
        i.Frequency.Name(), i.Unit.Name(), i.Polarity.Name(), i.InfoOnly, i.Cumulative, i.Tolerance ?? orgTolerance, i.Tolerance is null,
        i.Decimals, i.Retired);

    private static IQueryable<Indicator> WithNames(StewardDb db) =>
        db.Indicators.Include(i => i.Service).Include(i => i.Theme).Include(i => i.LeadOfficer).Include(i => i.DataOwner);

    private static async Task<Results<Ok<PageJson<IndicatorJson>>, ProblemHttpResult>> ListAsync(
        StewardDb db, CurrentUser user, HttpContext http, bool? retired, [Description(ApiPaging.LimitDescription)] string? limit, [Description(ApiPaging.AfterDescription)] string? after)
    {
        if (!ApiPaging.TryLimit(limit, out var take, out var bad) || !ApiPaging.TryCursor(after, "indicators", 1, out var cursor, out bad)) return bad!;
        var org = user.RequireOrganisation();
        var rows = await WithNames(db).AsNoTracking().Where(i => retired == true || !i.Retired)
            .InCodeOrder(db, cursor?[0]).Take(take + 1).ToListAsync(http.RequestAborted);
        var (page, next) = ApiPaging.Finish(http, rows, take, i => ApiPaging.Cursor("indicators", i.Code));
        return TypedResults.Ok(new PageJson<IndicatorJson>(page.Select(i => Json(i, org.DefaultTolerance)).ToList(), next));
    }

    private static async Task<Results<Ok<IndicatorJson>, NotFound>> GetAsync(string code, StewardDb db, CurrentUser user)
    {
        var i = await WithNames(db).SingleOrDefaultAsync(x => x.CodeKey == Indicator.Key(code));
        return i is null ? TypedResults.NotFound() : TypedResults.Ok(Json(i, user.RequireOrganisation().DefaultTolerance));
    }

    private static async Task<Results<Ok<PageJson<ResultJson>>, NotFound, ProblemHttpResult>> ResultsAsync(
        string code, string? from, string? to, string? status, [Description(ApiPaging.LimitDescription)] string? limit, [Description(ApiPaging.AfterDescription)] string? after, StewardDb db, CurrentUser user, HttpContext http)
    {
        var org = user.RequireOrganisation();
        var indicator = await db.Indicators.SingleOrDefaultAsync(x => x.CodeKey == Indicator.Key(code));
        if (indicator is null) return TypedResults.NotFound();
        if (ResultFilter(from, to, status, user) is { Problem: { } problem }) return problem;
        if (!ApiPaging.TryLimit(limit, out var take, out var bad) || !ApiPaging.TryCursor(after, "indicator-results", 1, out var cursor, out bad)) return bad!;
        Period? afterPeriod = null;
        if (cursor is not null) { if (!Period.TryParse(cursor[0], out var p)) return BadCursor(); afterPeriod = p; }

        var q = Filtered(db.Results.AsNoTracking().Where(r => r.IndicatorId == indicator.Id), from, to, status);
        if (afterPeriod is { } ap) q = q.Where(r => r.Period > ap);
        var rows = await q.OrderBy(r => r.Period).Take(take + 1).ToListAsync(http.RequestAborted);
        var (page, next) = ApiPaging.Finish(http, rows, take, r => ApiPaging.Cursor("indicator-results", r.Period.ToString()));
        if (page.Count == 0) return TypedResults.Ok(new PageJson<ResultJson>([], next));
        var targets = await TargetLookup.LoadAsync(db, [indicator.Id], page[0].Period, page[^1].Period, http.RequestAborted);
        return TypedResults.Ok(new PageJson<ResultJson>(page.Select(r => ResultJsonOf(indicator, r, targets.At(indicator.Id, r.Period), org)).ToList(), next));
    }

    private static async Task<Results<Ok<PageJson<ResultJson>>, ProblemHttpResult>> AllResultsAsync(
        string? from, string? to, string? status, bool? retired, [Description(ApiPaging.LimitDescription)] string? limit, [Description(ApiPaging.AfterDescription)] string? after, StewardDb db, CurrentUser user, HttpContext http)
    {
        var org = user.RequireOrganisation();
        if (ResultFilter(from, to, status, user) is { Problem: { } problem }) return problem;
        if (!ApiPaging.TryLimit(limit, out var take, out var bad) || !ApiPaging.TryCursor(after, "results", 2, out var cursor, out bad)) return bad!;
        string? afterCode = null;
        var afterPeriod = default(Period);
        if (cursor is not null) { if (!Period.TryParse(cursor[1], out afterPeriod)) return BadCursor(); afterCode = cursor[0]; }

        // The page is gathered a few indicators at a time, in code order from the cursor's. For each chunk one query takes
        // the rows still wanted from the chunk's results (through the (organisation, indicator, status, period) index),
        // in code then period order. A page of monthly history touches a handful of indicators; a sparse filter (one
        // period, say) walks more chunks, of growing size. No query sorts or scans the council's whole history.
        var listed = db.Indicators.Where(i => retired == true || !i.Retired);
        var found = new List<ResultRow>();
        var (start, inclusive, chunk) = (afterCode, afterCode is not null, 16);
        while (found.Count <= take)
        {
            var batch = await listed.InCodeOrder(db, start, inclusive).Select(i => new { i.Id, i.Code }).Take(chunk).ToListAsync(http.RequestAborted);
            if (batch.Count == 0) break;
            var batchIds = batch.Select(b => b.Id).ToList();
            var results = Filtered(db.Results.AsNoTracking(), from, to, status).Where(r => batchIds.Contains(r.IndicatorId));
            if (inclusive && batch[0].Code == afterCode)
            {
                var cursorId = batch[0].Id;
                results = results.Where(r => r.IndicatorId != cursorId || r.Period > afterPeriod);
            }
            var rows = results.Join(db.Indicators, r => r.IndicatorId, i => i.Id, (r, i) => new ResultRow { Result = r, Code = i.Code });
            var ordered = CodeOrder.IsPostgres(db)
                ? rows.OrderBy(x => EF.Functions.Collate(x.Code, "C")).ThenBy(x => x.Result.Period)
                : rows.OrderBy(x => x.Code).ThenBy(x => x.Result.Period);
            found.AddRange(await ordered.Take(take + 1 - found.Count).ToListAsync(http.RequestAborted));
            if (batch.Count < chunk) break;
            (start, inclusive, chunk) = (batch[^1].Code, false, Math.Min(chunk * 4, 256));
        }
        var (page, next) = ApiPaging.Finish(http, found, take, x => ApiPaging.Cursor("results", x.Code, x.Result.Period.ToString()));

        // What the rows need besides themselves: their indicators and their targets, for this page only.
        var ids = page.Select(x => x.Result.IndicatorId).Distinct().ToList();
        var indicators = await db.Indicators.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, http.RequestAborted);
        var targets = await TargetLookup.ForAsync(db, page.Select(x => (x.Result.IndicatorId, x.Result.Period)).ToList(), http.RequestAborted);
        return TypedResults.Ok(new PageJson<ResultJson>(page.Select(x =>
            ResultJsonOf(indicators[x.Result.IndicatorId], x.Result, targets.At(x.Result.IndicatorId, x.Result.Period), org)).ToList(), next));
    }

    private sealed class ResultRow
    {
        public required Result Result { get; init; }
        public required string Code { get; init; }
    }

    /// <summary>Checks the results filters: status approved or all (all only for those who may see unapproved results), from and to periods.</summary>
    private static (ProblemHttpResult? Problem, bool Ok) ResultFilter(string? from, string? to, string? status, CurrentUser user)
    {
        if (status is not (null or "approved" or "all")) return (TypedResults.Problem("status is approved or all", statusCode: 400), false);
        if (status == "all" && !user.CanSeeUnapproved) return (TypedResults.Problem("your role sees approved results only", statusCode: 403), false);
        if (from is not null && !Period.TryParse(from, out _)) return (BadPeriod("from"), false);
        if (to is not null && !Period.TryParse(to, out _)) return (BadPeriod("to"), false);
        return (null, true);
    }

    /// <summary>Results restricted by the filters <see cref="ResultFilter"/> accepted.</summary>
    private static IQueryable<Result> Filtered(IQueryable<Result> q, string? from, string? to, string? status)
    {
        if (status != "all") q = q.Where(r => r.Status == ApprovalStatus.Approved);
        if (Period.TryParse(from, out var f)) q = q.Where(r => r.Period >= f);
        if (Period.TryParse(to, out var t)) q = q.Where(r => r.Period <= t);
        return q;
    }

    private static ProblemHttpResult BadCursor() =>
        TypedResults.Problem("after must be the cursor of a next link from this list: follow 'next' as it is", statusCode: 400, title: "Bad value for 'after'",
            extensions: new Dictionary<string, object?> { ["parameter"] = "after" });

    private static ResultJson ResultJsonOf(Indicator i, Result r, decimal? target, Organisations.Organisation org)
    {
        var rag = i.Rate(r.Value, target, org);
        return new ResultJson(i.Code, r.Period.ToString(), r.Period.Label(i.Frequency), r.Value, Numbers.Format(r.Value, i.Decimals),
            r.Numerator, r.Denominator, target, rag.Name(), r.Status.ToString().ToLowerInvariant(), r.UpdaterComment, r.ApproverComment, r.Version);
    }

    private static ProblemHttpResult BadPeriod(string name) =>
        TypedResults.Problem($"{name} is not a period: write YYYY-MM, the month in which the period ends", statusCode: 400);

    private static async Task<Results<Ok<RagJson>, ProblemHttpResult>> RagAsync(string? period, [Description(ApiPaging.LimitDescription)] string? limit, [Description(ApiPaging.AfterDescription)] string? after, StewardDb db, CurrentUser user, CouncilCache cache, HttpContext http)
    {
        if (!Period.TryParse(period, out var p)) return BadPeriod("period");
        if (!ApiPaging.TryLimit(limit, out var take, out var bad) || !ApiPaging.TryCursor(after, "rag", 1, out var cursor, out bad)) return bad!;
        var org = user.RequireOrganisation();
        var statuses = await Performance.AtAsync(db, org, p, cursor?[0], take + 1, http.RequestAborted);
        var (page, next) = ApiPaging.Finish(http, statuses, take, x => ApiPaging.Cursor("rag", x.Indicator.Code));
        var s = await CouncilFigures.SummaryAsync(cache, db, org, p, http.RequestAborted);
        return TypedResults.Ok(new RagJson(p.ToString(), new SummaryJson(s.Targetable, s.Green, s.Amber, s.Red, s.NoData, s.NoTarget, s.Sentence),
            page.Select(x => new RagRowJson(x.Indicator.Code, p.ToString(), x.Observation.Value, x.ValueText, x.Observation.Target,
                x.Rag.Name(), x.Exceptions.Select(e => e.Name()).ToList(), x.Comparison.Previous, x.Comparison.LastYear, x.Comparison.Direction.Name())).ToList(),
            next));
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
        return await Respond(outcome, indicator, p, body.Version, org, db);
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
        return await Respond(outcome, indicator, p, body.Version, org, db);
    }

    /// <summary>
    /// The saved result, or the problem: 409 when the result moved on from <paramref name="seenVersion"/> (the body's
    /// version), with who changed it, when and what ("changes") and the version to send to save over it ("version").
    /// </summary>
    private static async Task<IResult> Respond(EntryOutcome outcome, Indicator indicator, Period period, int? seenVersion, Organisations.Organisation org, StewardDb db)
    {
        if (outcome.Conflict)
        {
            var now = await db.Results.AsNoTracking().SingleOrDefaultAsync(r => r.IndicatorId == indicator.Id && r.Period == period);
            var extensions = new Dictionary<string, object?> { ["version"] = now?.Version };
            if (now is not null) extensions["changes"] = (await Audit.EditConflict.SinceAsync<Result>(db, now.Id, seenVersion)).ToJson();
            return TypedResults.Problem(ResultEntry.ConflictMessage, statusCode: 409, extensions: extensions);
        }
        if (!outcome.Succeeded)
            return TypedResults.ValidationProblem(outcome.Errors.ToDictionary(e => e.Key.Length == 0 ? "result" : e.Key, e => new[] { e.Value }));
        var r = outcome.Result!;
        var target = await TargetLookup.AtAsync(db, indicator.Id, r.Period);
        return TypedResults.Ok(ResultJsonOf(indicator, r, target, org));
    }
}
