using Microsoft.EntityFrameworkCore;
using Steward.Data;

namespace Steward.Features.Organisations;

/// <summary>
/// Finds the organisation's services, themes, directorates and people by name (case-insensitively), creating any that
/// are missing. Used by imports and by the indicator form, so a name means the same thing in both.
/// </summary>
public sealed class NameResolver(StewardDb db)
{
    private List<Service>? _services;
    private List<Theme>? _themes;
    private List<Person>? _people;
    private List<Directorate>? _directorates;

    public async Task<Service?> ServiceAsync(string? name, CancellationToken ct = default) =>
        Find(_services ??= await db.Services.ToListAsync(ct), name, s => s.Name, n => db.Services.Add(new Service { Name = n }).Entity);

    public async Task<Theme?> ThemeAsync(string? name, CancellationToken ct = default) =>
        Find(_themes ??= await db.Themes.ToListAsync(ct), name, t => t.Name, n => db.Themes.Add(new Theme { Name = n }).Entity);

    public async Task<Person?> PersonAsync(string? name, CancellationToken ct = default) =>
        Find(_people ??= await db.People.ToListAsync(ct), name, p => p.Name, n => db.People.Add(new Person { Name = n }).Entity);

    public async Task<Directorate?> DirectorateAsync(string? name, CancellationToken ct = default) =>
        Find(_directorates ??= await db.Directorates.ToListAsync(ct), name, d => d.Name, n => db.Directorates.Add(new Directorate { Name = n }).Entity);

    private static T? Find<T>(List<T> set, string? name, Func<T, string> nameOf, Func<string, T> create) where T : class
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        name = name.Trim();
        var found = set.FirstOrDefault(x => string.Equals(nameOf(x), name, StringComparison.OrdinalIgnoreCase));
        if (found is null) set.Add(found = create(name));
        return found;
    }
}
