using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Web;

namespace Steward.Features.Accounts;

/// <summary>An administrator issues API tokens for accounts in the organisation, and revokes them.</summary>
[RequireRole(Role.Administrator)]
public class ApiTokensModel(StewardDb db, CurrentUser user, TimeProvider clock) : PageModel
{
    public List<ApiToken> Tokens { get; private set; } = [];
    public List<(int Id, string Label)> Accounts { get; private set; } = [];
    public string? NewToken { get; private set; }

    [BindProperty] public int? AccountId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Expiry { get; set; } = "365";

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (AccountId is null || Accounts.All(a => a.Id != AccountId)) ModelState.AddModelError("account", "Select the account the token acts as");
        if (string.IsNullOrWhiteSpace(Name)) ModelState.AddModelError("name", "Enter a name that says what uses the token, like Power BI");
        else if (Name.Length > 100) ModelState.AddModelError("name", "The name must be 100 characters or fewer");
        int? days = Expiry switch { "30" => 30, "90" => 90, "365" => 365, "never" => null, _ => -1 };
        if (days == -1) ModelState.AddModelError("expiry", "Select when the token expires");
        if (!ModelState.IsValid) return Page();

        var (token, hash) = ApiToken.NewToken();
        var now = clock.GetUtcNow().UtcDateTime;
        db.ApiTokens.Add(new ApiToken
        {
            AccountId = AccountId!.Value, Name = Name!.Trim(), Hint = token[..10], Hash = hash, CreatedAt = now,
            ExpiresAt = days is { } d ? now.AddDays(d) : null,
        });
        await db.SaveChangesAsync();
        NewToken = token;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int tokenId)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId);
        if (token is null) return NotFound();
        token.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        return Redirect("/admin/api-tokens");
    }

    private async Task LoadAsync()
    {
        var org = user.RequireOrganisation();
        Tokens = (await db.ApiTokens.Include(t => t.Account).ToListAsync()).OrderByDescending(t => t.CreatedAt).ToList();
        Accounts = (await db.Memberships.Where(m => m.OrganisationId == org.Id && m.Roles != Role.None).Include(m => m.Account).ToListAsync())
            .Select(m => (m.AccountId, $"{m.Account!.DisplayName} ({m.Account.Email}): {string.Join(", ", RoleNames.Titles(m.Roles)).ToLowerInvariant()}"))
            .OrderBy(a => a.Item2, StringComparer.Ordinal).ToList();
    }

    public string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;
}
