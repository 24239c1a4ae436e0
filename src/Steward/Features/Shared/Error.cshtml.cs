using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Steward.Web;

namespace Steward.Features.Shared;

[AllowAnonymous]
[NoOrganisationRequired]
[IgnoreAntiforgeryToken]
[Steward.Web.BeforeTwoFactor]
public class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Sorry, there is a problem with Steward";
    public string Message { get; private set; } = "Try again later. If it keeps happening, tell your Steward administrator.";

    public void OnGet([FromQuery] int? status) => Describe(status);
    public void OnPost([FromQuery] int? status) => Describe(status);

    private void Describe(int? status)
    {
        // Text Steward does not accept reached a save (whatever the page): the request is refused, naming the field.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is Steward.Data.UnacceptableTextException refused)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            (Title, Message) = ("That text cannot be saved", $"{refused.Message} Nothing was saved: go back, take it out and try again.");
            return;
        }
        if (status is null) return;
        Response.StatusCode = status.Value;
        (Title, Message) = status switch
        {
            404 => ("Page not found", "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address."),
            403 => ("You do not have permission to see this page", "Your role in this organisation does not allow it. Ask your Steward administrator if you need access."),
            400 => ("Sorry, that request could not be understood", "Go back and try again."),
            _ => (Title, Message),
        };
    }
}
