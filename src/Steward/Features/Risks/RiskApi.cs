using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Web;

namespace Steward.Features.Risks;

public sealed record ScoreJson(int Likelihood, int Impact, int Score, string? Band);

public sealed record RiskJson(
    string Code, string Title, string Register, string? Category, string? Owner, string? PortfolioHolder, string? Treatment,
    ScoreJson? Inherent, ScoreJson? Residual, ScoreJson? Previous, ScoreJson? Target, string? TargetDate, string? Prospects,
    bool Exception, bool Closed, string? NextReview, bool Exempt);

public sealed record ReviewJson(string Date, ScoreJson? Residual, string? Prospects, string Status, string? Commentary,
    string? SubmittedBy, string? SignedOffBy, string? SignOffComment);

public sealed record MatrixJson(IReadOnlyList<string> Likelihood, IReadOnlyList<string> Impact, IReadOnlyList<MatrixCellJson> Cells,
    IReadOnlyList<BandJson> Bands);

public sealed record MatrixCellJson(int Likelihood, int Impact, int Score, string Band);

public sealed record BandJson(string Name, string Colour, int Rank);

/// <summary>Risks, their reviews and the matrix, read through /api/v1 with the same visibility as the pages (Part II included).</summary>
public static class RiskApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapApiV1("Risks");
        api.MapGet("/risks", ListAsync).WithSummary("Risks (open unless closed=true), with scores, bands and the exception flag, a page at a time in code order")
            .WithDescription(Indicators.IndicatorApi.PagingNote);
        api.MapGet("/risks/{code}", GetAsync).WithSummary("One risk by code");
        api.MapGet("/risks/{code}/reviews", ReviewsAsync).WithSummary("A risk's reviews, latest first, a page at a time")
            .WithDescription(Indicators.IndicatorApi.PagingNote);
        api.MapGet("/risk-matrix", MatrixAsync).WithSummary("The organisation's risk matrix: levels, labels, a band per cell");
    }

    private static ScoreJson? Json(RiskScore? s, LoadedMatrix? m) => s is { } x ? new ScoreJson(x.Likelihood, x.Impact, x.Value, m?.Model.BandOf(x)) : null;

    private static async Task<List<RiskJson>> JsonAsync(StewardDb db, CurrentUser user, List<Risk> risks, TimeProvider clock)
    {
        var m = await RiskMatrixStore.LoadAsync(db);
        var organisation = user.RequireOrganisation();
        var views = await RiskViews.ViewsAsync(db, organisation, risks, organisation.Today(clock));
        return views.OrderBy(v => v.Risk.Code, StringComparer.Ordinal).Select(v =>
        {
            var r = v.Risk;
            return new RiskJson(r.Code, r.Title, v.ImportPath, r.Category, r.Owner?.Name, r.PortfolioHolder?.Name, r.Treatment?.Name(),
                Json(r.Inherent, m), Json(r.Residual, m), Json(v.Previous, m), Json(r.Target, m), r.TargetDate?.ToString("yyyy-MM-dd"),
                r.Prospects?.Name(), v.IsException, r.Closed, r.NextReviewDate?.ToString("yyyy-MM-dd"), r.Exempt);
        }).ToList();
    }

    private static IQueryable<Risk> Query(StewardDb db, CurrentUser user) =>
        db.Risks.Visible(user).Include(r => r.Owner).Include(r => r.PortfolioHolder);

    private static async Task<Results<Ok<PageJson<RiskJson>>, ProblemHttpResult>> ListAsync(
        bool? closed, [Description(ApiPaging.LimitDescription)] string? limit, [Description(ApiPaging.AfterDescription)] string? after, StewardDb db, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        if (!ApiPaging.TryLimit(limit, out var take, out var bad) || !ApiPaging.TryCursor(after, "risks", 1, out var cursor, out bad)) return bad!;
        var rows = await Query(db, user).AsNoTracking().Where(r => r.Closed == (closed ?? false))
            .InCodeOrder(db, cursor?[0]).Take(take + 1).ToListAsync(http.RequestAborted);
        var (page, next) = ApiPaging.Finish(http, rows, take, r => ApiPaging.Cursor("risks", r.Code));
        return TypedResults.Ok(new PageJson<RiskJson>(await JsonAsync(db, user, page, clock), next));
    }

    private static async Task<Results<Ok<RiskJson>, NotFound>> GetAsync(string code, StewardDb db, CurrentUser user, TimeProvider clock)
    {
        var risk = await Query(db, user).SingleOrDefaultAsync(r => r.CodeKey == Risk.Key(code));
        return risk is null ? TypedResults.NotFound() : TypedResults.Ok((await JsonAsync(db, user, [risk], clock))[0]);
    }

    private static async Task<Results<Ok<PageJson<ReviewJson>>, NotFound, ProblemHttpResult>> ReviewsAsync(
        string code, [Description(ApiPaging.LimitDescription)] string? limit, [Description(ApiPaging.AfterDescription)] string? after, StewardDb db, CurrentUser user, HttpContext http)
    {
        var risk = await Query(db, user).SingleOrDefaultAsync(r => r.CodeKey == Risk.Key(code));
        if (risk is null) return TypedResults.NotFound();
        if (!ApiPaging.TryLimit(limit, out var take, out var bad) || !ApiPaging.TryCursor(after, "reviews", 2, out var cursor, out bad)) return bad!;
        var q = user.ReviewsVisibleTo(db, risk.Id).AsNoTracking();
        if (cursor is not null)
        {
            if (!DateOnly.TryParseExact(cursor[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || !int.TryParse(cursor[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return TypedResults.Problem("after must be the cursor of a next link from this list: follow 'next' as it is", statusCode: 400);
            q = q.Where(r => r.ReviewDate < date || (r.ReviewDate == date && r.Id < id));
        }
        var rows = await q.OrderByDescending(r => r.ReviewDate).ThenByDescending(r => r.Id).Take(take + 1).ToListAsync(http.RequestAborted);
        var (page, next) = ApiPaging.Finish(http, rows, take,
            r => ApiPaging.Cursor("reviews", r.ReviewDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Id.ToString(CultureInfo.InvariantCulture)));
        var m = await RiskMatrixStore.LoadAsync(db, http.RequestAborted);
        return TypedResults.Ok(new PageJson<ReviewJson>(page.Select(r => new ReviewJson(r.ReviewDate.ToString("yyyy-MM-dd"), Json(r.Residual, m), r.Prospects?.Name(),
            r.SignedOff ? "signed-off" : r.Status.ToString().ToLowerInvariant(), r.Commentary, r.SubmittedBy, r.SignedOffBy, r.SignOffComment)).ToList(), next));
    }

    private static async Task<Results<Ok<MatrixJson>, NotFound>> MatrixAsync(StewardDb db)
    {
        var m = await RiskMatrixStore.LoadAsync(db);
        if (m is null) return TypedResults.NotFound();
        var cells = new List<MatrixCellJson>();
        for (var l = 1; l <= m.Model.Likelihoods; l++)
            for (var i = 1; i <= m.Model.Impacts; i++)
                cells.Add(new MatrixCellJson(l, i, l * i, m.Model.BandOf(new RiskScore(l, i))!));
        return TypedResults.Ok(new MatrixJson(m.Model.LikelihoodLabels, m.Model.ImpactLabels, cells,
            m.Bands.Values.OrderBy(b => b.Rank).Select(b => new BandJson(b.Name, b.Colour, b.Rank)).ToList()));
    }
}
