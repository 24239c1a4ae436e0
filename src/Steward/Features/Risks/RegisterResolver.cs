using Microsoft.EntityFrameworkCore;
using Steward.Data;

namespace Steward.Features.Risks;

/// <summary>Finds registers by path (leaf first, "/"-separated), creating any missing along it.</summary>
public sealed class RegisterResolver(StewardDb db)
{
    private List<RiskRegister>? _registers;

    /// <summary>The path's segments, or null when a segment is empty.</summary>
    public static IReadOnlyList<string>? Segments(string path)
    {
        var parts = path.Split('/').Select(p => p.Trim()).ToList();
        return parts.Count == 0 || parts.Any(p => p.Length == 0 || p.Length > 200) ? null : parts;
    }

    public async Task<RiskRegister> ResolveAsync(string path, CancellationToken ct = default)
    {
        _registers ??= await db.RiskRegisters.ToListAsync(ct);
        var segments = Segments(path) ?? throw new ArgumentException($"'{path}' is not a register path", nameof(path));
        RiskRegister? parent = null;
        foreach (var name in segments.Reverse())
        {
            var found = _registers.FirstOrDefault(r => SameParent(r, parent) && string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
            if (found is null)
            {
                found = db.RiskRegisters.Add(new RiskRegister { Name = name, Parent = parent, ParentId = parent?.Id, Corporate = parent is null }).Entity;
                _registers.Add(found);
            }
            parent = found;
        }
        return parent!;
    }

    private static bool SameParent(RiskRegister r, RiskRegister? parent) =>
        parent is null ? r.ParentId is null && r.Parent is null
        : ReferenceEquals(r.Parent, parent) || (parent.Id != 0 && r.ParentId == parent.Id);
}
