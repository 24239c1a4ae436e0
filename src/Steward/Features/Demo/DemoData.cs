using Microsoft.EntityFrameworkCore;
using Steward.Common;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Committees;
using Steward.Features.Reports;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Features.Risks;

namespace Steward.Features.Demo;

/// <summary>
/// Demo councils from the council papers: Dacorum Borough Council's Q2 2017/18 indicator table and its
/// operational risk register (4×4), Norfolk County Council's 13-month vital signs and risks RM010 and
/// RM14223 (5×5), Cambridgeshire County Council's risk registers (5×5), with a login per role. Loaded
/// only into a database that has no organisation.
/// </summary>
public static class DemoData
{
    public const string Password = "steward-demo-2017";

    /// <param name="AsAt">The date of the council's papers: the demo council takes it as today, so its results and reviews fall due as they did then.</param>
    public sealed record Council(
        string Code, string Name, string GssCode, string Domain, decimal Tolerance, Period CurrentPeriod, DateOnly AsAt, string FilePrefix, bool HasIndicators,
        IReadOnlyDictionary<string, string> Directorates,
        IReadOnlyList<(string Code, string Period, string Comment)> ApproverComments,
        IReadOnlyList<(string Code, string Action, string Owner)> Actions,
        IReadOnlyList<RiskBandStyle>? ExtraBands = null,
        CommitteeSpec? Committee = null);

    /// <summary>A committee of the papers, with its meetings (date YYYY-MM-DD, time HH:MM) and the follow-up actions agreed.</summary>
    public sealed record CommitteeSpec(string Code, string Name, string Clerk, string Members, string[] Services, string[] Themes, string[] Registers,
        IReadOnlyList<MeetingSpec> Meetings, IReadOnlyList<FollowUpSpec> FollowUps);

    public sealed record MeetingSpec(string Date, string? Time, string? Venue, IReadOnlyList<(string Title, string? Lead, ItemStatus Status, string? Notes)> Items);

    /// <summary>A follow-up action agreed at the meeting of <paramref name="Meeting"/>, about an indicator, reporting back to <paramref name="ReportBack"/>.</summary>
    public sealed record FollowUpSpec(string Meeting, StandardAction Kind, string? Description, string? Indicator, string? Owner, string? ReportBack);

    public static readonly IReadOnlyList<Council> Councils =
    [
        new("DBC", "Dacorum Borough Council", "E07000096", "dacorum.example",
            // Dacorum's Q2 2017/18 table rates results up to a third worse than target as Amber.
            // The Finance and Resources Overview & Scrutiny Committee of 6 March 2018 (seed 001) printed the Sep 2017
            // table and the December 2017 risk reviews.
            Tolerance: 50m, new Period(2017, 9), new DateOnly(2018, 3, 6), "dacorum", HasIndicators: true,
            new Dictionary<string, string> { ["Performance and Projects"] = "Finance & Resources" },
            [
                ("ICT01", "2017-09", "Good performance across the quarter"),
                ("ICT02", "2017-09", "Excellent availability"),
                ("ICT06", "2017-09", "Broadly in line with previous quarters"),
                ("HR03", "2017-09", "The sickness scrutiny group continues to assess all sickness each month and ensures that the Council is applying the policy robustly and consistently. We are commencing a piece of work on investigating the reasons for absence and drilling down into group sickness absence in an attempt to see whether we can introduce some proactive measures to avoid people going off sick in the first place."),
                ("HR04b", "2017-09", "The sickness scrutiny group continues to assess all sickness each month and ensures that the Council is applying the policy robustly and consistently. The long term sickness absence is a concern for the Council and we are working with managers to see how we can increase the speed people return back to work, such as OH support, Physio, regular contact etc."),
            ],
            // From the Q3 2017/18 report (seed 001, paragraphs 2.3–2.4 and 2.6).
            [
                ("CSU10", "Introduce new system tools to manage demand, including call back and an email management module", "Robert Smyth"),
                ("CSU11", "Wholesale service review of the Customer Service Unit: a new vision and model for its management", "Robert Smyth"),
                ("HR05", "Next phase of the sickness project: interrogate group sickness absence and work with managers with high levels of absentees", "Robert Smyth"),
            ],
            // Seed 001: the agenda of 6 March 2018 (items 6 and 7 were "to follow" when it was published) and the work
            // programme 2018/19, which gives months only: its meetings are taken as the first Tuesday of the month (6 March
            // 2018 was a Tuesday), and their deadlines default to ten working days before, which falls in the month it names.
            Committee: new("FROSC", "Finance and Resources Overview and Scrutiny Committee", "Rebecca Twidle",
                "Cllr Herbert Chapman (Chair); Cllr Douris (Vice-chair); Cllr Howard; Cllr Clark; Cllr E Collins; Cllr Fethney; Cllr Silwal; Cllr Taylor; " +
                "Cllr Tindall; Cllr Adeleke; Cllr Armytage; Cllr McLean",
                ["Performance and Projects"], [], ["Performance and Projects"],
                [
                    new("2018-03-06", "19:30", "Conference Room 2, The Forum",
                    [
                        ("Action points from the previous meeting", "Cllr Herbert Chapman", ItemStatus.Drafting, "To follow"),
                        ("Finance & Resources – Q3 Performance Report", "Fiona Jump", ItemStatus.Drafting, "To follow"),
                        ("Legal Governance & Democratic Services – Q3 Performance Report", "Mark Brookes", ItemStatus.Submitted, null),
                        ("Performance, People & Innovation – Q3 Performance Report", "Robert Smyth", ItemStatus.Submitted, null),
                        ("Work programme", "Rebecca Twidle", ItemStatus.Submitted, null),
                    ]),
                    new("2018-06-05", null, null,
                    [
                        ("Action points from the previous meeting", "Cllr Herbert Chapman", ItemStatus.Planned, null),
                        ("Quarter 4 Performance Reports (and Quarter 4 Operational Risk Reports)", null, ItemStatus.Planned, null),
                        ("Budget Monitoring Report", "Fiona Jump", ItemStatus.Planned, null),
                        ("Legal Governance & Democratic Services", "Mark Brookes", ItemStatus.Planned, null),
                        ("Performance, People & Innovation", "Robert Smyth", ItemStatus.Planned, null),
                        ("Finance & Resources", "Fiona Jump", ItemStatus.Planned, null),
                        ("Sickness Review", "Robert Smyth", ItemStatus.Planned, "Come from CMT"),
                    ]),
                    new("2018-07-03", null, null,
                    [
                        ("Action points from the previous meeting", "Cllr Herbert Chapman", ItemStatus.Planned, null),
                        ("Financial Outcomes of Contract Management of Voluntary Sector", "Robert Smyth", ItemStatus.Planned, "Come from CMT"),
                    ]),
                    new("2018-09-04", null, null,
                    [
                        ("Action points from the previous meeting", "Cllr Herbert Chapman", ItemStatus.Planned, null),
                        ("Quarter 1 Performance Reports (and Quarter 1 Operational Risk Reports)", null, ItemStatus.Planned, null),
                        ("Budget Monitoring Report", "Fiona Jump", ItemStatus.Planned, null),
                        ("Legal Governance & Democratic Services", "Mark Brookes", ItemStatus.Planned, null),
                        ("Performance, People & Innovation", "Robert Smyth", ItemStatus.Planned, null),
                        ("Finance & Resources", "Fiona Jump", ItemStatus.Planned, null),
                    ]),
                    new("2018-10-02", null, null, [("Action points from the previous meeting", "Cllr Herbert Chapman", ItemStatus.Planned, null)]),
                    new("2018-11-06", null, null,
                    [
                        ("Action points from the previous meeting", "Cllr Herbert Chapman", ItemStatus.Planned, null),
                        ("Quarter 2 Performance Reports (and Quarter 2 Operational Risk Reports)", null, ItemStatus.Planned, null),
                        ("Budget Monitoring Report", "Fiona Jump", ItemStatus.Planned, null),
                        ("Legal Governance & Democratic Services", "Mark Brookes", ItemStatus.Planned, null),
                        ("Performance, People & Innovation", "Robert Smyth", ItemStatus.Planned, null),
                        ("Finance & Resources", "Fiona Jump", ItemStatus.Planned, null),
                    ]),
                ],
                // The sickness work the Q3 report describes (paragraph 2.6), as the committee would follow it up.
                [new("2018-03-06", StandardAction.ApproveActions, "Next phase of the sickness project", "HR05", "Robert Smyth", "2018-06-05")])),
        new("NCC", "Norfolk County Council", "E10000020", "norfolk.example",
            // The Digital Innovation and Efficiency Committee of 8 November 2017 (seed 004).
            Tolerance: 5m, new Period(2017, 9), new DateOnly(2017, 11, 8), "norfolk", HasIndicators: true,
            new Dictionary<string, string>
            {
                ["Information Management and Technology"] = "Finance and Commercial Services",
                ["Community, Information and Learning"] = "Community and Environmental Services",
                ["Better Broadband for Norfolk"] = "Community and Environmental Services",
            },
            [], [],
            // Seed 004: the agenda of 8 November 2017 (published 31 October) and the minutes of 12 October 2017.
            Committee: new("DIE", "Digital Innovation and Efficiency Committee", "Tim Shaw",
                "Mr T Garrod (Chairman); Mr D Bills (Vice-Chairman); Mr E Colman; Mr S Eyre; Mr T FitzPatrick; Dr C Jones; Mr D Rowntree; Ms S Squire; Dr M Strong",
                ["Information Management and Technology", "Community, Information and Learning", "Better Broadband for Norfolk"], ["Digital Innovation and Efficiency"],
                ["Finance and Commercial Services", "Community and Environmental Services"],
                [
                    new("2017-10-12", "10:00", "Edwards Room, County Hall, Norwich", []),
                    new("2017-11-08", "10:00", "Edwards Room, County Hall, Martineau Lane, Norwich, NR1 2DH",
                    [
                        ("Proposal to Commission Mobile Voice and Data Study", null, ItemStatus.Submitted, "Report by Executive Director, Community and Environmental Services and Executive Director, Finance and Commercial Services"),
                        ("Finance Monitoring Report", null, ItemStatus.Submitted, "Report by Executive Director, Community and Environmental Services and Executive Director, Finance and Commercial Services"),
                        ("Performance Management Report", null, ItemStatus.Submitted, "Report by Executive Director, Community and Environmental Services and Executive Director, Finance and Commercial Services"),
                        ("New Social Care System", null, ItemStatus.Submitted, "Report by Executive Director of Adult Social Services"),
                        ("IMT Risks and Associated Actions Report", null, ItemStatus.Submitted, "Report by Executive Director, Finance and Commercial Services"),
                        ("Business Intelligence", null, ItemStatus.Submitted, "Report by Executive Director, Finance and Commercial Services"),
                    ]),
                ],
                [])),
        // Risk registers only; last reviewed on 31 October 2019 (seed 003 prints no date of its own: the day after is taken).
        new("CCC", "Cambridgeshire County Council", "E10000003", "cambridgeshire.example",
            Tolerance: 5m, new Period(2019, 10), new DateOnly(2019, 11, 1), "cambridgeshire", HasIndicators: false,
            new Dictionary<string, string>(), [], [],
            // Its matrix names a fourth band above red (an assumption: see the README).
            ExtraBands: [new RiskBandStyle("very high", "#651b1b", 40)]),
    ];

    public static readonly IReadOnlyList<(Role Role, string Local, string Title)> Logins =
    [
        (Role.Administrator, "admin", "Administrator"),
        (Role.PerformanceOfficer, "officer", "Performance officer"),
        (Role.Updater, "updater", "Updater"),
        (Role.Approver, "approver", "Approver"),
        (Role.RiskOwner, "owner", "Risk owner"),
        (Role.Viewer, "viewer", "Viewer (councillor)"),
        (Role.ComplaintHandler, "complaints", "Complaint handler"),
    ];

    public static async Task<bool> IsDemoDatabaseAsync(DatabaseTarget target)
    {
        await using var db = target.Open();
        var codes = Councils.Select(c => c.Code).ToList();
        return await db.Organisations.CountAsync(o => codes.Contains(o.Code)) == Councils.Count
               && await db.Accounts.AnyAsync(a => a.NormalisedEmail == "admin@" + Councils[0].Domain);
    }

    /// <summary>Loads the demo councils when the database has no organisation. Returns whether it did.</summary>
    public static async Task<bool> LoadIfEmptyAsync(DatabaseTarget target, CancellationToken ct = default)
    {
        await using var db = target.Open();
        if (await db.Organisations.AnyAsync(ct)) return false;
        await LoadAllAsync(db, ct);
        return true;
    }

    /// <summary>The demo councils' codes already in the database (a council code is unique).</summary>
    public static async Task<List<string>> PresentAsync(StewardDb db, CancellationToken ct = default)
    {
        var codes = Councils.Select(c => c.Code).ToList();
        return (await db.Organisations.Where(o => codes.Contains(o.Code)).Select(o => o.Code).ToListAsync(ct)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Loads every demo council in one transaction (none of their codes may be taken: see <see cref="PresentAsync"/>).</summary>
    public static async Task LoadAllAsync(StewardDb db, CancellationToken ct = default)
    {
        db.Actor = "demo";
        db.Channel = "system";
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var council in Councils) await LoadAsync(db, council, ct);
        await transaction.CommitAsync(ct);
    }

    private static async Task LoadAsync(StewardDb db, Council council, CancellationToken ct)
    {
        var org = new Organisation
        {
            Code = council.Code, Name = council.Name, GssCode = council.GssCode,
            DefaultTolerance = council.Tolerance, CurrentPeriod = council.CurrentPeriod, AsAt = council.AsAt, CreatedAt = DateTime.UtcNow,
        };
        db.Organisations.Add(org);
        await db.SaveChangesAsync(ct);
        db.UseOrganisation(org.Id);
        if (council.ExtraBands is { Count: > 0 } extra)
        {
            await RiskMatrixStore.BandsAsync(db, ct);
            foreach (var band in extra) db.RiskBands.Add(new RiskBand { Name = band.Name, Colour = band.Colour, Rank = band.Rank });
            await db.SaveChangesAsync(ct);
        }

        string[] kinds = council.HasIndicators ? ["indicators", "results", "targets", "matrix", "risks"] : ["matrix", "risks"];
        var files = kinds
            .Select(kind => $"{council.FilePrefix}-{kind}.csv")
            .Select(name => ImportFile.FromBytes(name, Resource(name)))
            .ToList();
        var outcome = await Import.CsvImport.RunAsync(db, org, files, ct);
        if (!outcome.Succeeded)
            throw new InvalidOperationException("Demo data does not import: " + string.Join("; ", outcome.Errors));

        var services = await db.Services.ToListAsync(ct);
        var directorates = council.Directorates.Values.Distinct()
            .ToDictionary(name => name, name => db.Directorates.Add(new Directorate { Name = name }).Entity);
        foreach (var (serviceName, directorateName) in council.Directorates)
            services.Single(s => s.Name == serviceName).Directorate = directorates[directorateName];

        var indicators = await db.Indicators.ToDictionaryAsync(i => i.Code, ct);
        foreach (var (code, period, comment) in council.ApproverComments)
        {
            var indicatorId = indicators[code].Id;
            var p = Period.Parse(period);
            var result = await db.Results.SingleAsync(r => r.IndicatorId == indicatorId && r.Period == p, ct);
            result.ApproverComment = comment;
        }
        foreach (var (code, action, owner) in council.Actions)
            db.IndicatorActions.Add(new IndicatorAction { Indicator = indicators[code], Description = action, Owner = owner, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(ct);

        var people = new Dictionary<Role, Person>();
        foreach (var (role, local, title) in Logins)
        {
            var account = await AccountManager.GrantAsync(db, $"{local}@{council.Domain}", $"Demo {title.ToLowerInvariant()}", Password, org, role);
            people[role] = await AccountManager.EnsurePersonAsync(db, account, org.Id);
        }
        // The demo updater enters and the demo approver signs off every indicator; the demo risk owner
        // reviews every risk and the demo approver signs the reviews off.
        foreach (var indicator in indicators.Values)
        {
            db.Assignments.Add(new Assignment { IndicatorId = indicator.Id, PersonId = people[Role.Updater].Id, Role = AssignmentRole.Updater });
            db.Assignments.Add(new Assignment { IndicatorId = indicator.Id, PersonId = people[Role.Approver].Id, Role = AssignmentRole.Approver });
        }
        await LoadRiskDetailsAsync(db, org, council, indicators, ct);
        if (council.Committee is { } committee) await LoadCommitteeAsync(db, org, committee, indicators, ct);
        if (council.Code == "NCC")
        {
            // Seed 004's Table 1 and Table 3 at P6 2017/18, its 2017-18 capital programme and Table 2 (2018-21), through the
            // finance import as a finance system's file would come.
            var finance = await Import.CsvImport.RunAsync(db, org,
                [ImportFile.FromBytes("norfolk-budget.csv", Resource("norfolk-budget.csv")), ImportFile.FromBytes("norfolk-reserves.csv", Resource("norfolk-reserves.csv")),
                 ImportFile.FromBytes("norfolk-capital.csv", Resource("norfolk-capital.csv"))], ct);
            if (!finance.Succeeded) throw new InvalidOperationException("Demo finance does not import: " + string.Join("; ", finance.Errors));
        }
        if (council.Code == "DBC")
        {
            // Dacorum counts complaints "resolved in 15 days" from receipt at both stages (CS02a and CS02b, seed 001). Its log
            // for July 2017 to March 2018 is made to give the report's counts: stage 1 answered in Q2 53 of 66 in time, in Q3
            // 74 of 81; stage 2 2 of 2 and 1 of 1; open cases as at 6 March 2018.
            (org.ComplaintResponseFromReceipt, org.ComplaintStage1ResponseDays, org.ComplaintStage2ResponseDays) = (true, 15, 15);
            await db.SaveChangesAsync(ct);
            var complaints = await Import.CsvImport.RunAsync(db, org, [ImportFile.FromBytes("dacorum-complaints.csv", Resource("dacorum-complaints.csv"))], ct);
            if (!complaints.Succeeded) throw new InvalidOperationException("Demo complaints do not import: " + string.Join("; ", complaints.Errors));
        }
        if (council.Code == "NCC") await DemoProjects.LoadNorfolkAsync(db, org, manager: people[Role.Updater], sponsor: people[Role.Approver], ct);
        if (council.Code == "DBC") await DemoProjects.LoadDacorumAsync(db, org, manager: people[Role.Updater], sponsor: people[Role.Approver], ct);
        // The demo approver leads every pack (the whole council's and each committee's): they sign a quarter's pack off
        // before the demo performance officer issues it.
        foreach (var id in (await db.Committees.Select(c => (int?)c.Id).ToListAsync(ct)).Prepend(null))
        {
            var standing = PackDraft.For(id, PackDraft.Standing);
            standing.LeadOfficerId = people[Role.Approver].Id;
            db.PackDrafts.Add(standing);
        }
        foreach (var risk in await db.Risks.ToListAsync(ct))
        {
            db.RiskAssignments.Add(new RiskAssignment { RiskId = risk.Id, PersonId = people[Role.RiskOwner].Id, Role = RiskRole.Reviewer });
            db.RiskAssignments.Add(new RiskAssignment { RiskId = risk.Id, PersonId = people[Role.Approver].Id, Role = RiskRole.Approver });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A committee, its meetings and items and its follow-up actions, entered as the pages and the command line enter them.</summary>
    private static async Task LoadCommitteeAsync(StewardDb db, Organisation org, CommitteeSpec spec, Dictionary<string, Indicator> indicators, CancellationToken ct)
    {
        var services = await db.Services.ToListAsync(ct);
        var themes = await db.Themes.ToListAsync(ct);
        var registers = await db.RiskRegisters.ToListAsync(ct);
        var (committee, errors) = await CommitteeStore.ApplyAsync(db, null, new CommitteeStore.Details(spec.Name, spec.Code, spec.Clerk, spec.Members,
            spec.Services.Select(n => services.Single(s => s.Name == n).Id).ToList(), spec.Themes.Select(n => themes.Single(t => t.Name == n).Id).ToList(),
            spec.Registers.Select(n => registers.Single(r => r.Name == n).Id).ToList()), ct);
        if (committee is null) throw new InvalidOperationException("Demo committee does not load: " + string.Join("; ", errors.Values));
        await db.SaveChangesAsync(ct);
        var names = new NameResolver(db);
        var meetings = new Dictionary<string, Meeting>();
        foreach (var m in spec.Meetings)
        {
            var (meeting, meetingErrors) = await CommitteeStore.ApplyMeetingAsync(db, org, committee, null, new CommitteeStore.MeetingDetails(m.Date, m.Time, m.Venue, null), ct);
            if (meeting is null) throw new InvalidOperationException("Demo meeting does not load: " + string.Join("; ", meetingErrors.Values));
            var position = 0;
            foreach (var (title, lead, status, notes) in m.Items)
                meeting.Items.Add(new WorkProgrammeItem { Title = title, LeadOfficer = await names.PersonAsync(lead, ct), Status = status, Notes = notes, Position = ++position });
            meetings[m.Date] = meeting;
        }
        await db.SaveChangesAsync(ct);
        foreach (var a in spec.FollowUps)
            db.FollowUpActions.Add(new FollowUpAction
            {
                MeetingId = meetings[a.Meeting].Id, Kind = a.Kind, Description = a.Description, IndicatorId = a.Indicator is { } code ? indicators[code].Id : null,
                Owner = await names.PersonAsync(a.Owner, ct), ReportBackMeetingId = a.ReportBack is { } back ? meetings[back].Id : null,
            });
        await db.SaveChangesAsync(ct);
    }

    private sealed record RiskDetails(string Code, List<ControlJson> Controls, List<AssuranceJson> Assurance, List<ActionJson> Actions, List<ReviewJson> Reviews);
    private sealed record ControlJson(string Description, string? Adequacy);
    private sealed record AssuranceJson(string Description, string? Indicator);
    private sealed record ActionJson(string Description, string? Owner, DateOnly? TargetDate, string? Status, int? PercentComplete, string? Progress);
    private sealed record ReviewJson(DateOnly Date, int? ResidualLikelihood, int? ResidualImpact, string? Prospects, string? Commentary, string? SignOffComment);

    /// <summary>Controls, assurance, actions and past signed-off reviews, as the papers give them.</summary>
    private static async Task LoadRiskDetailsAsync(StewardDb db, Organisation org, Council council, Dictionary<string, Indicator> indicators, CancellationToken ct)
    {
        var details = System.Text.Json.JsonSerializer.Deserialize<List<RiskDetails>>(Resource($"{council.FilePrefix}-risks.json"),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        var risks = await db.Risks.Include(r => r.Owner).ToDictionaryAsync(r => r.Code, ct);
        foreach (var d in details)
        {
            var risk = risks[d.Code];
            risk.Controls.AddRange(d.Controls.Select((c, n) => new RiskControl
            {
                Description = c.Description, Order = n + 1,
                Adequacy = RiskRules.TryParseAdequacy(c.Adequacy, out var a) ? a : null,
            }));
            risk.Assurances.AddRange(d.Assurance.Select(x => new RiskAssurance
            {
                Description = x.Description, Indicator = x.Indicator is { } code && indicators.TryGetValue(code, out var i) ? i : null,
            }));
            risk.Actions.AddRange(d.Actions.Select(x => new RiskAction
            {
                Description = x.Description, Owner = x.Owner, TargetDate = x.TargetDate, PercentComplete = x.PercentComplete, Progress = x.Progress,
                Status = x.Progress is null ? RiskActionStatus.Open : RiskActionStatus.InProgress,
            }));
            foreach (var r in d.Reviews)
            {
                var at = r.Date.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
                risk.Reviews.Add(new RiskReview
                {
                    ReviewDate = r.Date, RegisterId = risk.RegisterId,
                    ResidualLikelihood = r.ResidualLikelihood, ResidualImpact = r.ResidualImpact,
                    TargetLikelihood = risk.TargetLikelihood, TargetImpact = risk.TargetImpact, TargetDate = risk.TargetDate,
                    Prospects = RiskRules.TryParseProspects(r.Prospects, out var p) ? p : null,
                    Commentary = r.Commentary, Status = ApprovalStatus.Approved,
                    SubmittedBy = risk.Owner?.Name, SubmittedAt = at,
                    SignedOffBy = "recorded in the published paper", SignedOffAt = at, SignOffComment = r.SignOffComment,
                });
            }
            if (d.Reviews.Count > 0 && risk.NextReviewDate is null)
                risk.NextReviewDate = d.Reviews.Max(r => r.Date).AddMonths(org.RiskReviewMonths);
            // The papers' latest review signed off the current position; the one before it gives "previous" and the movement.
            var reviews = risk.Reviews.OrderBy(r => r.ReviewDate).ToList();
            if (reviews.Count > 0) risk.SignedOffOn = reviews[^1].ReviewDate;
            if (reviews.Count > 1)
                (risk.PreviousLikelihood, risk.PreviousImpact, risk.PreviousSignedOffOn) = (reviews[^2].ResidualLikelihood, reviews[^2].ResidualImpact, reviews[^2].ReviewDate);
        }
        await db.SaveChangesAsync(ct);
    }

    private static byte[] Resource(string name)
    {
        var assembly = typeof(DemoData).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Steward.Demo.{name}")
                           ?? throw new InvalidOperationException($"Demo file {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static string LoginsText()
    {
        var w = new StringWriter();
        w.WriteLine($"Demo logins (password for all: {Password}):");
        foreach (var council in Councils)
            w.WriteLine($"  {council.Name}: " + string.Join(", ", Logins.Select(l => $"{l.Local}@{council.Domain}")));
        w.WriteLine("  (admin = administrator, officer = performance officer, owner = risk owner, viewer = councillor)");
        w.WriteLine("  Administrators set up two-factor authentication (any authenticator app) at their first sign-in; the other logins need only the password.");
        return w.ToString().TrimEnd();
    }
}
