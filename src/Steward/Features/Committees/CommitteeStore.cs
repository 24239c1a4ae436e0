using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Indicators;
using Steward.Features.Organisations;

namespace Steward.Features.Committees;

/// <summary>
/// Reads and writes committees and meetings for the pages and the command line alike, so a name, a member list or a
/// date means the same thing in both. Every check returns messages that name the field; nothing is written until all pass.
/// </summary>
public static partial class CommitteeStore
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^(?<name>.*?)\s*\((?<role>chair(man|woman|person)?|vice[- ]?chair(man|woman|person)?)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex MemberPattern();

    /// <summary>The committee's details as entered: name, code, clerk's name and member list (see <see cref="ParseMembers"/>).</summary>
    public sealed record Details(string? Name, string? Code, string? Clerk, string? Members, IReadOnlyCollection<int> ServiceIds,
        IReadOnlyCollection<int> ThemeIds, IReadOnlyCollection<int> RegisterIds);

    /// <summary>
    /// A member list: one name per line or separated by semicolons, a role in brackets after the name ("Cllr Herbert
    /// Chapman (Chair)", "Cllr Douris (Vice-chairman)"); others are members. Errors name the entry. At most one chair
    /// and one vice-chair; a name appears once.
    /// </summary>
    public static (List<(string Name, MemberRole Role)> Members, List<string> Errors) ParseMembers(string? text)
    {
        var members = new List<(string, MemberRole)>();
        var errors = new List<string>();
        var entries = (text ?? "").Split(['\n', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var entry in entries)
        {
            var (name, role) = (entry, MemberRole.Member);
            if (MemberPattern().Match(entry) is { Success: true } m)
            {
                name = m.Groups["name"].Value.Trim();
                role = m.Groups["role"].Value.StartsWith("vice", StringComparison.OrdinalIgnoreCase) ? MemberRole.ViceChair : MemberRole.Chair;
            }
            if (name.Length is 0 or > 200) errors.Add($"Member '{entry}': give a name of 1 to 200 characters");
            else if (members.Any(x => string.Equals(x.Item1, name, StringComparison.OrdinalIgnoreCase))) errors.Add($"Member '{name}' is listed twice");
            else members.Add((name, role));
        }
        if (members.Count(x => x.Item2 == MemberRole.Chair) > 1) errors.Add("Members: only one can be the chair");
        if (members.Count(x => x.Item2 == MemberRole.ViceChair) > 1) errors.Add("Members: only one can be the vice-chair");
        return (members, errors);
    }

    /// <summary>The member list as <see cref="ParseMembers"/> reads it, chair first: for the edit form.</summary>
    public static string WriteMembers(IEnumerable<CommitteeMember> members) =>
        string.Join("\n", members.OrderByDescending(m => m.Role).ThenBy(m => m.Person!.Name, StringComparer.Ordinal)
            .Select(m => m.Role == MemberRole.Member ? m.Person!.Name : $"{m.Person!.Name} ({Common.Show.Role(m.Role)})"));

    /// <summary>
    /// Checks <paramref name="details"/> for a new committee (<paramref name="committee"/> null) or an existing one and,
    /// when they pass, writes them into it (adding it when new) without saving. Returns errors keyed by field (name,
    /// code, clerk, members, remit); people named as clerk or member are found or created by name.
    /// </summary>
    public static async Task<(Committee? Committee, Dictionary<string, string> Errors)> ApplyAsync(StewardDb db, Committee? committee, Details details,
        CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var name = details.Name?.Trim() ?? "";
        var code = details.Code?.Trim().ToUpperInvariant() ?? "";
        if (name.Length is 0 or > 200) errors["name"] = "Enter the committee's name, up to 200 characters";
        if (!CodePattern().IsMatch(code)) errors["code"] = "Enter a short code: letters, digits, '-' or '_', up to 32, for example FROSC";
        var id = committee?.Id ?? 0;
        if (!errors.ContainsKey("name") && await db.Committees.AnyAsync(c => c.Name == name && c.Id != id, ct))
            errors["name"] = $"There is already a committee called {name}";
        if (!errors.ContainsKey("code") && await db.Committees.AnyAsync(c => c.Code == code && c.Id != id, ct))
            errors["code"] = $"There is already a committee with the code {code}";
        if (details.Clerk?.Trim().Length > 200) errors["clerk"] = "Enter the clerk's name, up to 200 characters";
        var (members, memberErrors) = ParseMembers(details.Members);
        if (memberErrors.Count > 0) errors["members"] = string.Join("; ", memberErrors);
        var services = await db.Services.Where(s => details.ServiceIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        var themes = await db.Themes.Where(t => details.ThemeIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        var registers = await db.RiskRegisters.Where(r => details.RegisterIds.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct);
        if (services.Count != details.ServiceIds.Distinct().Count() || themes.Count != details.ThemeIds.Distinct().Count()
            || registers.Count != details.RegisterIds.Distinct().Count())
            errors["remit"] = "Choose the remit's services, themes and registers from the lists";
        if (errors.Count > 0) return (null, errors);

        var names = new NameResolver(db);
        if (committee is null)
        {
            committee = new Committee { Name = name, Code = code };
            db.Committees.Add(committee);
        }
        (committee.Name, committee.Code) = (name, code);
        committee.Clerk = await names.PersonAsync(details.Clerk, ct);
        committee.ClerkId = committee.Clerk?.Id;

        foreach (var gone in committee.Members.Where(m => members.All(x => !string.Equals(x.Name, m.Person!.Name, StringComparison.OrdinalIgnoreCase))).ToList())
            committee.Members.Remove(gone);
        foreach (var (memberName, role) in members)
        {
            var existing = committee.Members.FirstOrDefault(m => string.Equals(m.Person!.Name, memberName, StringComparison.OrdinalIgnoreCase));
            if (existing is not null) existing.Role = role;
            else committee.Members.Add(new CommitteeMember { Person = await names.PersonAsync(memberName, ct), Role = role });
        }
        Sync(committee.Services, services, s => s.ServiceId, i => new CommitteeService { ServiceId = i });
        Sync(committee.Themes, themes, t => t.ThemeId, i => new CommitteeTheme { ThemeId = i });
        Sync(committee.Registers, registers, r => r.RegisterId, i => new CommitteeRegister { RegisterId = i });
        // Members and remit are rows of their own: the committee's version moves with them, so two people editing the
        // same committee cannot silently overwrite each other's lists.
        if (committee.Id != 0 && db.ChangeTracker.HasChanges()) db.Entry(committee).Property(c => c.Version).IsModified = true;
        return (committee, errors);
    }

    private static void Sync<T>(List<T> rows, IReadOnlyCollection<int> wanted, Func<T, int> idOf, Func<int, T> create)
    {
        rows.RemoveAll(r => !wanted.Contains(idOf(r)));
        foreach (var id in wanted.Where(id => rows.All(r => idOf(r) != id))) rows.Add(create(id));
    }

    /// <summary>A committee with its clerk, members and remit, for editing (tracked); null when the council has none with that id.</summary>
    public static Task<Committee?> LoadAsync(StewardDb db, int id, CancellationToken ct = default) =>
        db.Committees.Where(c => c.Id == id)
            .Include(c => c.Clerk).Include(c => c.Members).ThenInclude(m => m.Person)
            .Include(c => c.Services).ThenInclude(s => s.Service).Include(c => c.Themes).ThenInclude(t => t.Theme)
            .Include(c => c.Registers).ThenInclude(r => r.Register)
            .AsSplitQuery().SingleOrDefaultAsync(ct);

    /// <summary>A committee by its code or its name (case-insensitively), for the command line; null when none matches.</summary>
    public static async Task<Committee?> FindAsync(StewardDb db, string codeOrName, CancellationToken ct = default)
    {
        var key = codeOrName.Trim();
        var upper = key.ToUpperInvariant();
        return await db.Committees.FirstOrDefaultAsync(c => c.Code == upper, ct)
               ?? (await db.Committees.ToListAsync(ct)).FirstOrDefault(c => string.Equals(c.Name, key, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A meeting's details as entered: date and deadline as YYYY-MM-DD, time as HH:MM (24-hour) or blank.</summary>
    public sealed record MeetingDetails(string? Date, string? Time, string? Venue, string? Deadline, bool Cancelled = false);

    /// <summary>
    /// Checks <paramref name="details"/> and writes them into <paramref name="meeting"/> (a new one for
    /// <paramref name="committee"/> when null) without saving. A blank deadline takes <see
    /// cref="WorkProgrammeRules.DefaultDeadline"/> on the council's working calendar. Errors are keyed by field (date,
    /// time, venue, deadline): the deadline may not fall after the meeting.
    /// </summary>
    public static async Task<(Meeting? Meeting, Dictionary<string, string> Errors)> ApplyMeetingAsync(StewardDb db, Organisation organisation,
        Committee committee, Meeting? meeting, MeetingDetails details, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var date = ParseDate(details.Date, "date", "Enter the meeting's date", errors);
        TimeOnly? time = null;
        if (!string.IsNullOrWhiteSpace(details.Time))
        {
            if (TimeOnly.TryParseExact(details.Time.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) time = t;
            else errors["time"] = "Enter the start time as HH:MM on the 24-hour clock, for example 19:30";
        }
        var venue = details.Venue?.Trim();
        if (venue?.Length > 200) errors["venue"] = "Enter the venue in up to 200 characters";
        var deadline = ParseDate(details.Deadline, "deadline", null, errors);
        if (date is { } d && deadline is { } dl && dl > d) errors["deadline"] = "The report deadline must be on or before the meeting's date";
        if (errors.Count > 0) return (null, errors);

        if (meeting is null)
        {
            meeting = new Meeting { CommitteeId = committee.Id, Committee = committee };
            db.Meetings.Add(meeting);
        }
        meeting.Date = date!.Value;
        meeting.Time = time;
        meeting.Venue = string.IsNullOrEmpty(venue) ? null : venue;
        meeting.ReportDeadline = deadline ?? WorkProgrammeRules.DefaultDeadline(meeting.Date, await DueResults.CalendarAsync(db, organisation, ct));
        meeting.Cancelled = details.Cancelled;
        return (meeting, errors);
    }

    private static DateOnly? ParseDate(string? text, string key, string? missing, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (missing is not null) errors[key] = missing;
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        errors[key] = "Enter the date as YYYY-MM-DD, for example 2018-03-06";
        return null;
    }
}
