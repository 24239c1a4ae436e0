using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Steward.Features.Accounts;

namespace Steward.Web;

/// <summary>The page needs one of these roles in the current organisation (403 otherwise).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class RequireRoleAttribute(params Role[] roles) : Attribute
{
    public IReadOnlyList<Role> Roles { get; } = roles;
}

/// <summary>The page opens for someone who must still set up two-factor authentication (setting it up, signing out).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BeforeTwoFactorAttribute : Attribute;

/// <summary>The page works without a current organisation (sign-in, choosing an organisation).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NoOrganisationRequiredAttribute : Attribute;

/// <summary>
/// Every page needs a signed-in user acting for an organisation they belong to, unless it says otherwise;
/// pages that name roles need one of them there.
/// </summary>
public sealed class OrganisationPageFilter(CurrentUser user) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // Attributes may sit on the page (@attribute) or on its model.
        var metadata = context.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
        // Someone whose council requires a second factor sets one up before anything else.
        if (user.MustSetUpTwoFactor && !metadata.OfType<BeforeTwoFactorAttribute>().Any())
        {
            context.Result = new RedirectResult("/account/two-factor");
            return;
        }
        if (!anonymous && user.IsSignedIn && !user.HasOrganisation && !metadata.OfType<NoOrganisationRequiredAttribute>().Any())
        {
            var returnUrl = context.HttpContext.Request.Path + context.HttpContext.Request.QueryString;
            context.Result = new RedirectResult("/organisation?returnUrl=" + Uri.EscapeDataString(returnUrl));
            return;
        }
        if (metadata.OfType<RequireRoleAttribute>().FirstOrDefault() is { } required && !required.Roles.Any(user.Has))
        {
            context.Result = new ForbidResult();
            return;
        }
        await next();
    }
}
