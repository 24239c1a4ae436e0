using Microsoft.EntityFrameworkCore;
using Steward.Cli;
using Steward.Data;

namespace Steward.Features.Notices;

/// <summary>Taking and giving back a <see cref="JobLease"/>.</summary>
public static class JobLeases
{
    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="holder"/> until <paramref name="now"/> + <paramref name="length"/>
    /// if nobody else holds it unexpired (one conditional update, or the first insert); returns whether it was taken.
    /// </summary>
    public static async Task<bool> TryTakeAsync(StewardDb db, string name, string holder, DateTime now, TimeSpan length, CancellationToken ct = default)
    {
        var until = now + length;
        if (await db.JobLeases.Where(l => l.Name == name && (l.ExpiresAt <= now || l.Holder == holder))
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct) == 1)
            return true;
        if (await db.JobLeases.AnyAsync(l => l.Name == name, ct)) return false;
        db.JobLeases.Add(new JobLease { Name = name, Holder = holder, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (SaveConflict.Is(e))
        {
            // Another server inserted it first: theirs.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Gives the lease back (if <paramref name="holder"/> still holds it), so the next turn of any server may take it.</summary>
    public static Task ReleaseAsync(StewardDb db, string name, string holder, DateTime now) =>
        db.JobLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, now));
}

/// <summary>
/// The notices job: for every council, does the complaints log's period-end work (<see cref="Complaints.ComplaintFeed"/>), makes the notices now due (<see cref="NoticeScan"/>) and e-mails those pending
/// (<see cref="NoticeSender"/>). Each app server runs it every few minutes (<c>Steward:Notices:IntervalMinutes</c>, 5 by
/// default; 0 turns it off on that server), but only the one holding the "notices" lease does the work, so several app
/// servers on one database send each notice once. <c>steward notices run</c> runs it once from the command line.
/// </summary>
public sealed class NoticeJob(DatabaseTarget target, NoticeSender sender, TimeProvider clock, ILogger<NoticeJob> log, IConfiguration configuration) : BackgroundService
{
    public const string LeaseName = "notices";

    /// <summary>Longer than a run takes; a server that dies holding it frees it when it expires.</summary>
    public static readonly TimeSpan LeaseLength = TimeSpan.FromMinutes(15);

    /// <summary>This server's name on the lease.</summary>
    private readonly string _holder = Holder("app");

    /// <summary>A name for a lease holder: unique, at most 64 characters.</summary>
    public static string Holder(string what)
    {
        var name = $"{what}:{Guid.NewGuid():N}@{Environment.MachineName}";
        return name.Length > 64 ? name[..64] : name;
    }

    /// <summary>
    /// One run over every council as at each one's today; null when another server holds the lease (nothing done). A
    /// council whose run fails is logged and skipped; the others go on.
    /// </summary>
    public static async Task<NoticeRunReport?> RunOnceAsync(DatabaseTarget target, NoticeSender sender, TimeProvider clock, string holder, ILogger log, CancellationToken ct = default)
    {
        await using var db = target.Open();
        (db.Actor, db.Channel) = ("notices", "system");
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await JobLeases.TryTakeAsync(db, LeaseName, holder, now, LeaseLength, ct)) return null;
        var report = NoticeRunReport.Empty;
        try
        {
            foreach (var organisation in await db.Organisations.AsNoTracking().OrderBy(o => o.Id).ToListAsync(ct))
            {
                // Still ours? A run that outlasted the lease stops rather than run beside the server that took it over.
                if (!await JobLeases.TryTakeAsync(db, LeaseName, holder, clock.GetUtcNow().UtcDateTime, LeaseLength, ct))
                {
                    log.LogWarning("The notices lease was lost before {Council}: the run stops", organisation.Code);
                    break;
                }
                db.ChangeTracker.Clear();
                db.UseOrganisation(organisation.Id);
                // Making and sending fail apart: a council whose scan fails still has its pending notices sent, and the other way round.
                try
                {
                    // The complaints log's period-end work first, so a computed result submitted now is in this scan's notices.
                    await Complaints.ComplaintFeed.EnterAsync(db, organisation, organisation.Today(clock), now, ct: ct);
                    await Complaints.ComplaintFeed.AnonymiseAsync(db, organisation, organisation.Today(clock), ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "The complaints log's period-end work for {Council} failed", organisation.Code);
                    db.ChangeTracker.Clear();
                }
                try
                {
                    report = report.Add(NoticeRunReport.Empty with { Made = await NoticeScan.RunAsync(db, organisation, organisation.Today(clock), now, ct) });
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Making {Council}'s notices failed", organisation.Code);
                    db.ChangeTracker.Clear();
                }
                try
                {
                    report = report.Add(await sender.SendAsync(db, organisation, organisation.Today(clock), now, ct));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Sending {Council}'s notices failed", organisation.Code);
                }
            }
        }
        finally
        {
            await JobLeases.ReleaseAsync(db, LeaseName, holder, clock.GetUtcNow().UtcDateTime);
        }
        return report;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue("Steward:Notices:IntervalMinutes", 5.0);
        if (minutes <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        do
        {
            try
            {
                if (await RunOnceAsync(target, sender, clock, _holder, log, stoppingToken) is { } report && report != NoticeRunReport.Empty)
                    log.LogInformation("Notices: {Report}", report);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The notices job failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The <c>notices</c> verbs.</summary>
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("notices run", "", "Make the notices now due in every council and e-mail those pending, once.", [],
            """
            What each app server does every few minutes (Steward:Notices:IntervalMinutes). Safe to run beside them: only
            one run works at a time, and each notice is e-mailed once. E-mail goes through Steward:Email:Host; without
            it notices are made and listed, and wait for a server.
            """, RunVerbAsync),
    ];

    private static async Task<int> RunVerbAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count > 0) throw new UsageException($"unexpected argument '{line.Words[0]}'");
        await using (await ctx.OpenAsync()) { } // brings the schema up to date
        EmailSettings settings;
        try
        {
            settings = EmailSettings.Read(ctx.Configuration);
        }
        catch (SettingsException e)
        {
            throw new BadDataException(e.Message);
        }
        // Why e-mail failed is told on standard error, as the app servers log it.
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddFilter((category, level) => level >= LogLevel.Warning)
            .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Warning));
        var sender = new NoticeSender(new Mailer(settings), ctx.Configuration.GetValue("Steward:Notices:DigestHour", 7), logging.CreateLogger<NoticeSender>());
        if (!sender.EmailOn) await ctx.Out.WriteLineAsync("No e-mail server is set up (Steward:Email:Host): notices are made and listed, and wait for one to be e-mailed.");
        var report = await RunOnceAsync(ctx.Database, sender, TimeProvider.System, Holder("cli"), logging.CreateLogger<NoticeJob>());
        await ctx.Out.WriteLineAsync(report is null ? "Another server is sending notices now: nothing done." : $"Notices: {report}.");
        return ExitCode.Success;
    }
}
