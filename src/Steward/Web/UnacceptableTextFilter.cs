using Microsoft.AspNetCore.Mvc.Filters;
using Steward.Domain;

namespace Steward.Web;

/// <summary>
/// Before a page's handler runs, each posted field whose text Steward does not accept (<see cref="TextRules"/>) gets a
/// field error ("Name contains a bidirectional override…"), so a form that checks its fields shows it beside the field
/// with what was typed. A handler that goes on to save it anyway is stopped by the database's own check
/// (<see cref="Data.UnacceptableTextException"/>), which answers 400 naming the field.
/// </summary>
public sealed class UnacceptableTextFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.HasFormContentType)
            foreach (var (key, values) in await request.ReadFormAsync())
            {
                if (key.Length == 0 || key == "__RequestVerificationToken") continue;
                if (values.Select(v => TextRules.Problem(v)).FirstOrDefault(p => p is not null) is not { } problem) continue;
                var field = Data.UnacceptableTextException.Words(key).Replace('-', ' ');
                context.ModelState.AddModelError(key, $"{char.ToUpperInvariant(field[0])}{field[1..]} {problem}");
            }
        await next();
    }
}
