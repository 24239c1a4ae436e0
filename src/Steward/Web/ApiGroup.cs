namespace Steward.Web;

/// <summary>The /api/v1 routes of one feature: read with an API token, refused text refused, the token's account still in its organisation.</summary>
public static class ApiGroup
{
    /// <summary>
    /// A route group under /api/v1 tagged <paramref name="tag"/> (OpenAPI): 401 without a valid token, 403 (problem
    /// details) when the token's account no longer has a role in its organisation, 400 for refused text in the request.
    /// </summary>
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app, string tag) =>
        app.MapGroup("/api/v1").RequireAuthorization(p => p.AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName).RequireAuthenticatedUser())
            .AddEndpointFilter(ApiProblems.RefuseUnacceptableText)
            .WithTags(tag)
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.RequestServices.GetRequiredService<CurrentUser>().HasOrganisation
                    ? await next(context)
                    : TypedResults.Problem("the token's account no longer has a role in this organisation", statusCode: 403));
}
