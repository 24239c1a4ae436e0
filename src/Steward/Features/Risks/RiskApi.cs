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
        var api = app.MapGroup("/api/v1").RequireAuthorization(p => p.AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName).RequireAuthenticatedUser())
            .WithTags("Risks")
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.RequestServices.GetRequiredService<CurrentUser>().HasOrganisation
                    ? await next(context)
                    : TypedResults.Problem("the token's account no longer has a role in this organisation", statusCode: 403));
        api.MapGet("/risks", ListAsync).WithSummary("Risks (open unless closed=true), with scores, bands and the exception flag");
        api.MapGet("/risks/{code}", GetAsync).WithSummary("One risk by code");
        api.MapGet("/risks/{code}/reviews", ReviewsAsync).WithSummary("A risk's reviews, latest first");
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

    private static async Task<Ok<List<RiskJson>>> ListAsync(bool? closed, StewardDb db, CurrentUser user, TimeProvider clock) =>
        TypedResults.Ok(await JsonAsync(db, user, await Query(db, user).Where(r => r.Closed == (closed ?? false)).ToListAsync(), clock));

    private static async Task<Results<Ok<RiskJson>, NotFound>> GetAsync(string code, StewardDb db, CurrentUser user, TimeProvider clock)
    {
        var risk = await Query(db, user).SingleOrDefaultAsync(r => r.CodeKey == Risk.Key(code));
        return risk is null ? TypedResults.NotFound() : TypedResults.Ok((await JsonAsync(db, user, [risk], clock))[0]);
    }

    private static async Task<Results<Ok<List<ReviewJson>>, NotFound>> ReviewsAsync(string code, StewardDb db, CurrentUser user)
    {
        var risk = await Query(db, user).SingleOrDefaultAsync(r => r.CodeKey == Risk.Key(code));
        if (risk is null) return TypedResults.NotFound();
        var m = await RiskMatrixStore.LoadAsync(db);
        var reviews = await user.ReviewsOfAsync(db, risk.Id);
        return TypedResults.Ok(reviews.Select(r => new ReviewJson(r.ReviewDate.ToString("yyyy-MM-dd"), Json(r.Residual, m), r.Prospects?.Name(),
            r.SignedOff ? "signed-off" : r.Status.ToString().ToLowerInvariant(), r.Commentary, r.SubmittedBy, r.SignedOffBy, r.SignOffComment)).ToList());
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
