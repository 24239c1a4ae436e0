using Microsoft.EntityFrameworkCore;
using Steward.Cli;
using Steward.Common;
using Steward.Data;

namespace Steward.Features.Committees;

/// <summary>The command line's committee verbs: add and list committees, add meetings.</summary>
public static class CommitteeCommands
{
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("committee add", "--org CODE CODE \"Name\"", "Add a committee with its clerk, members and remit.",
            ["org", "clerk", "members", "services", "themes", "registers"],
            """
            CODE is short (letters, digits, '-' or '_', up to 32), unique in the council case-insensitively.
              --clerk "Name"          the officer who clerks its meetings
              --members "A (Chair); B (Vice-chair); C"
                                      members separated by ';', the chair's and vice-chair's role in brackets
              --services "A; B"       services in its remit (their indicators are in its papers)
              --themes "A; B"         themes in its remit
              --registers "A; B"      risk registers in its remit, by name (their risks, and those of the
                                      registers inside them, are in its papers)
            Services, themes and registers must exist already. People are found by name, or added.
            """, AddAsync),
        new("committee list", "--org CODE", "List the committees, with their next meeting, as CSV.", ["org"],
            """
            One row per committee, by name:
              code,name,chair,clerk,next_meeting,report_deadline,open_actions
            Dates are YYYY-MM-DD; the next meeting is the first one not cancelled, today or later.
            """, ListAsync),
        new("meeting add", "--org CODE --committee CODE-OR-NAME --date YYYY-MM-DD", "Add a meeting to a committee's work programme.",
            ["org", "committee", "date", "time", "venue", "deadline"],
            $"""
              --time HH:MM            start time, 24-hour clock (optional)
              --venue "Room"          where it meets (optional)
              --deadline YYYY-MM-DD   when reports are due to the clerk; by default {WorkProgrammeRules.DefaultDeadlineWorkingDays} working days
                                      before the meeting (weekends, bank holidays and closure days do not count)
            """, AddMeetingAsync),
    ];

    private static async Task<int> AddAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count != 2) throw new UsageException("give a CODE and a \"Name\"");
        var (db, _) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            var details = new CommitteeStore.Details(line.Words[1], line.Words[0], line.Option("clerk"),
                line.Option("members"), await IdsAsync(() => db.Services.Select(s => new { s.Id, s.Name }).ToListAsync(), s => s.Id, s => s.Name, line, "services"),
                await IdsAsync(() => db.Themes.Select(t => new { t.Id, t.Name }).ToListAsync(), t => t.Id, t => t.Name, line, "themes"),
                await IdsAsync(() => db.RiskRegisters.Select(r => new { r.Id, r.Name }).ToListAsync(), r => r.Id, r => r.Name, line, "registers"));
            var (committee, errors) = await CommitteeStore.ApplyAsync(db, null, details);
            if (committee is null) throw new BadDataException(string.Join("; ", errors.Values));
            await db.SaveChangesAsync();
            await ctx.Out.WriteLineAsync($"Added committee {committee.Code} {committee.Name}: {Show.Count(committee.Members.Count, "member")}, " +
                $"{Show.Count(committee.Services.Count, "service")}, {Show.Count(committee.Themes.Count, "theme")}, {Show.Count(committee.Registers.Count, "register")}.");
            return ExitCode.Success;
        }
    }

    /// <summary>
    /// The ids of the names in a ';'-separated option, matched case-insensitively; an unknown name is bad data. The
    /// candidates are read (by <paramref name="all"/>) only when the option names any, one query at a time.
    /// </summary>
    private static async Task<List<int>> IdsAsync<T>(Func<Task<List<T>>> all, Func<T, int> id, Func<T, string> name, CommandLine line, string option)
    {
        var names = (line.Option(option) ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) return [];
        var rows = await all();
        return names.Select(n => rows.Where(r => string.Equals(name(r), n, StringComparison.OrdinalIgnoreCase)).Select(id).Cast<int?>().FirstOrDefault()
                                 ?? throw new BadDataException($"--{option}: there is no {option.TrimEnd('s')} called '{n}'")).ToList();
    }

    private static async Task<int> ListAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var (db, org) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            var today = org.Today(TimeProvider.System);
            var committees = await db.Committees.Include(c => c.Clerk).Include(c => c.Members).ThenInclude(m => m.Person).AsSplitQuery().ToListAsync();
            var meetings = await db.Meetings.Where(m => !m.Cancelled && m.Date >= today).ToListAsync();
            var open = await db.FollowUpActions.Where(a => a.Status == FollowUpStatus.Open).Select(a => a.Meeting!.CommitteeId).ToListAsync();
            await ctx.Out.WriteAsync(CsvExport.ToText(csv =>
            {
                csv.Row("code", "name", "chair", "clerk", "next_meeting", "report_deadline", "open_actions");
                foreach (var c in committees.OrderBy(c => c.Name, StringComparer.Ordinal))
                {
                    var next = meetings.Where(m => m.CommitteeId == c.Id).OrderBy(m => m.Date).ThenBy(m => m.Id).FirstOrDefault();
                    csv.Row(c.Code, c.Name, c.Members.FirstOrDefault(m => m.Role == MemberRole.Chair)?.Person!.Name, c.Clerk?.Name,
                        next?.Date.ToString("yyyy-MM-dd"), next?.ReportDeadline.ToString("yyyy-MM-dd"), open.Count(id => id == c.Id).ToString());
                }
            }));
            return ExitCode.Success;
        }
    }

    private static async Task<int> AddMeetingAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        var name = line.RequireOption("committee");
        line.RequireOption("date");
        var (db, org) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            var committee = await CommitteeStore.FindAsync(db, name) ?? throw new BadDataException($"there is no committee with the code or name '{name}' (steward committee list shows them)");
            var (meeting, errors) = await CommitteeStore.ApplyMeetingAsync(db, org, committee, null,
                new CommitteeStore.MeetingDetails(line.Option("date"), line.Option("time"), line.Option("venue"), line.Option("deadline")));
            if (meeting is null) throw new BadDataException(string.Join("; ", errors.Select(e => $"--{e.Key}: {e.Value}")));
            await db.SaveChangesAsync();
            await ctx.Out.WriteLineAsync($"Added a meeting of {committee.Name} on {meeting.Date:yyyy-MM-dd}; reports due by {meeting.ReportDeadline:yyyy-MM-dd}.");
            return ExitCode.Success;
        }
    }
}
