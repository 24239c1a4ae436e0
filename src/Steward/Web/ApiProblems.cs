using Steward.Data;

namespace Steward.Web;

/// <summary>Faults of a request that the API answers as problems (RFC 9457) rather than server errors.</summary>
public static class ApiProblems
{
    /// <summary>
    /// An endpoint filter: text Steward does not accept (<see cref="UnacceptableTextException"/>) reaching a save is
    /// answered 400, naming the field; nothing was written.
    /// </summary>
    public static async ValueTask<object?> RefuseUnacceptableText(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (UnacceptableTextException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Text Steward does not accept",
                extensions: new Dictionary<string, object?> { ["field"] = char.ToLowerInvariant(e.Field[0]) + e.Field[1..] });
        }
    }
}
