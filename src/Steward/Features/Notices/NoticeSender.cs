using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Steward.Data;
using Steward.Features.Accounts;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Notices;

/// <summary>What one run of the notices job did, summed over councils.</summary>
/// <param name="Made">Notices made.</param>
/// <param name="Emailed">E-mails the server accepted (a digest is one).</param>
/// <param name="Digests">Of those, digests.</param>
/// <param name="NotSent">Notices marked not to be e-mailed (the reader chose none, left the council, is too late to tell, or the server refused the address).</param>
/// <param name="Failed">Batches stopped by a failure of the server or the network (their notices are tried again).</param>
public sealed record NoticeRunReport(int Made, int Emailed, int Digests, int NotSent, int Failed)
{
    public static readonly NoticeRunReport Empty = new(0, 0, 0, 0, 0);

    public NoticeRunReport Add(NoticeRunReport o) => new(Made + o.Made, Emailed + o.Emailed, Digests + o.Digests, NotSent + o.NotSent, Failed + o.Failed);

    /// <summary>"7 made, 7 e-mailed (0 in digests), 0 not e-mailed, 0 failed attempts".</summary>
    public override string ToString() => $"{Made} made, {Emailed} e-mailed ({Digests} in digests), {NotSent} not e-mailed, {Failed} failed attempt{(Failed == 1 ? "" : "s")}";
}

/// <summary>
/// E-mails a council's pending notices, each at most once: a notice is claimed (marked sent, in one conditional update)
/// before its message goes, so two senders can never both send it. When the server or the network fails, the messages
/// never tried are put back for the next run; the one on its way at that moment (which the server may have taken) is
/// not sent again. Immediate notices go one per e-mail; digest notices made before the day's digest time
/// (<paramref name="digestHour"/> o'clock, UK time) go together, one e-mail per reader and council a day. Notices are
/// not e-mailed to someone who has left the council, nor once stale: made more than <see cref="StaleAfter"/> ago (the
/// server was down or not set up meanwhile) or about something due more than <see cref="LateAfter"/> before they were
/// made (a first run over a council's history) — they stay listed in the app. Without an e-mail server nothing is
/// touched: the notices wait for one.
/// </summary>
public sealed class NoticeSender(Mailer mailer, int digestHour = 7, ILogger? log = null)
{
    /// <summary>Notices pending longer than this are no longer e-mailed.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(2);

    /// <summary>Notices about something due this long before they were made are listed only, not e-mailed.</summary>
    public const int LateAfter = 30;

    /// <summary>A digest lists at most this many notices, then how many more there are with a link to the list.</summary>
    public const int DigestListed = 50;

    /// <summary>At most this many notices of each delivery per council and run, oldest first: the rest go on the next run.</summary>
    public const int Batch = 1000;

    private readonly ILogger _log = log ?? NullLogger.Instance;

    public bool EmailOn => mailer.Settings.Enabled;

    /// <summary>
    /// Sends the pending notices of <paramref name="organisation"/> (<paramref name="db"/> acting for it) at
    /// <paramref name="now"/> (UTC); lateness is judged against <paramref name="today"/>, the council's today.
    /// </summary>
    public async Task<NoticeRunReport> SendAsync(StewardDb db, Organisation organisation, DateOnly today, DateTime now, CancellationToken ct = default)
    {
        if (!EmailOn) return NoticeRunReport.Empty;
        var pending = db.Notices.Where(n => n.Email == NoticeEmail.Pending);

        // Stale ones first, in one statement each: never e-mailed, still listed.
        var staleBefore = now - StaleAfter;
        var notSent = await pending.Where(n => n.CreatedAt < staleBefore).ExecuteUpdateAsync(u => u.SetProperty(n => n.Email, NoticeEmail.NotSent), ct);
        var lateBefore = today.AddDays(-LateAfter);
        notSent += await pending.Where(n => n.DueDate != null && n.DueDate < lateBefore).ExecuteUpdateAsync(u => u.SetProperty(n => n.Email, NoticeEmail.NotSent), ct);

        // Digest notices (chosen, or a mandatory kind asked to be turned off) only once the day's digest time has passed
        // their making; the others at once. Read apart, so a long digest never holds immediate notices back.
        var cutoff = DigestCutoff(now);
        var digested = pending.Where(n => db.NoticePreferences.Any(p => p.AccountId == n.AccountId && p.Kind == n.Kind
            && (p.Delivery == NoticeDelivery.Digest || (p.Delivery == NoticeDelivery.None && (n.Kind == NoticeKind.Returned || n.Kind == NoticeKind.AwaitingApproval)))));
        var immediate = pending.Where(n => !digested.Any(d => d.Id == n.Id));
        var now1 = await immediate.OrderBy(n => n.Id).Take(Batch).AsNoTracking().ToListAsync(ct);
        var daily = await digested.Where(n => n.CreatedAt < cutoff).OrderBy(n => n.Id).Take(Batch).AsNoTracking().ToListAsync(ct);
        if (now1.Count == 0 && daily.Count == 0) return NoticeRunReport.Empty with { NotSent = notSent };

        var accountIds = now1.Concat(daily).Select(n => n.AccountId).Distinct().ToList();
        var readers = await db.Accounts.Where(a => accountIds.Contains(a.Id))
            .Select(a => new
            {
                a.Id, a.Email, a.DisplayName,
                // Still active and still in this council: someone removed since the notice was made is not written to.
                Member = a.DeactivatedAt == null && a.Memberships.Any(m => m.OrganisationId == organisation.Id && m.Roles != Role.None),
            }).ToDictionaryAsync(a => a.Id, ct);
        var none = await db.NoticePreferences.Where(p => accountIds.Contains(p.AccountId) && p.Delivery == NoticeDelivery.None)
            .Select(p => new { p.AccountId, p.Kind }).ToListAsync(ct);
        var turnedOff = none.Select(p => (p.AccountId, p.Kind)).ToHashSet();
        bool Skip(Notice n) => !readers[n.AccountId].Member || (turnedOff.Contains((n.AccountId, n.Kind)) && !NoticeKinds.IsMandatory(n.Kind));
        notSent += await MarkAsync(db, now1.Concat(daily).Where(Skip).Select(n => n.Id).ToList(), NoticeEmail.NotSent, false, ct);

        var messages = new List<(Email Email, List<long> Ids, bool Digest)>();
        foreach (var n in now1.Where(n => !Skip(n)))
        {
            var r = readers[n.AccountId];
            messages.Add((new Email(r.Email, r.DisplayName, $"{NoticeKinds.Title(n.Kind)} – {organisation.Name}", Body(organisation, [n])), [n.Id], false));
        }
        foreach (var group in daily.Where(n => !Skip(n)).GroupBy(n => n.AccountId))
        {
            var r = readers[group.Key];
            var list = group.ToList();
            messages.Add((new Email(r.Email, r.DisplayName, $"Your notices ({list.Count}) – {organisation.Name}", Body(organisation, list)), list.Select(n => n.Id).ToList(), true));
        }
        var delivered = await DeliverAsync(db, organisation, messages, now, ct);
        return delivered with { NotSent = delivered.NotSent + notSent };
    }

    /// <summary>The latest digest time (UK) at or before <paramref name="now"/>, in UTC: digests gather notices made before it.</summary>
    public DateTime DigestCutoff(DateTime now)
    {
        var uk = UkTime.ToUk(now);
        var today = uk.Date.AddHours(digestHour);
        return UkTime.ToUtc(uk >= today ? today : today.AddDays(-1));
    }

    private async Task<NoticeRunReport> DeliverAsync(StewardDb db, Organisation organisation, List<(Email Email, List<long> Ids, bool Digest)> messages,
        DateTime now, CancellationToken ct)
    {
        var claimed = new List<(Email Email, List<long> Ids, bool Digest)>();
        MailOutcome? outcome = null;
        try
        {
            // Claim every message's notices first: what another sender already claimed is left out.
            foreach (var (email, ids, digest) in messages)
            {
                var mine = new List<long>();
                foreach (var id in ids)
                    if (await db.Notices.Where(n => n.Id == id && n.Email == NoticeEmail.Pending)
                            .ExecuteUpdateAsync(u => u.SetProperty(n => n.Email, NoticeEmail.Sent).SetProperty(n => n.EmailedAt, now), ct) == 1)
                        mine.Add(id);
                if (mine.Count == ids.Count) claimed.Add((email, mine, digest));
                else if (mine.Count > 0) await MarkAsync(db, mine, NoticeEmail.Pending, false, ct); // half-taken by another sender: next run
            }
            outcome = await mailer.SendAsync(claimed.Select(c => c.Email).ToList(), ct);
        }
        finally
        {
            // What did not go: refused for good or possibly taken (the one on its way when the failure struck) are not sent
            // again; the rest, never tried, are put back.
            var sent = outcome?.Sent ?? new HashSet<Email>(ReferenceEqualityComparer.Instance);
            bool Unsure(Email e) => outcome?.Refused.Contains(e) == true || ReferenceEquals(outcome?.InFlight, e);
            var back = claimed.Where(c => !sent.Contains(c.Email)).ToList();
            await MarkAsync(db, back.Where(c => Unsure(c.Email)).SelectMany(c => c.Ids).ToList(), NoticeEmail.NotSent, false, CancellationToken.None);
            await MarkAsync(db, back.Where(c => !Unsure(c.Email)).SelectMany(c => c.Ids).ToList(), NoticeEmail.Pending, true, CancellationToken.None);
        }
        var done = outcome!;
        if (done.Failure is { } failure)
            _log.LogWarning(failure, "E-mailing {Council}'s notices stopped after {Sent} of {Count} messages", organisation.Code, done.Sent.Count, claimed.Count);
        return new NoticeRunReport(0, done.Sent.Count, claimed.Count(c => c.Digest && done.Sent.Contains(c.Email)),
            claimed.Where(c => !done.Sent.Contains(c.Email) && (done.Refused.Contains(c.Email) || ReferenceEquals(done.InFlight, c.Email))).Sum(c => c.Ids.Count),
            done.Failure is null ? 0 : 1);
    }

    /// <summary>Sets the e-mail state of <paramref name="ids"/> to pending (counting an attempt when asked) or not sent; never e-mailed.</summary>
    private static async Task<int> MarkAsync(StewardDb db, List<long> ids, NoticeEmail state, bool attempt, CancellationToken ct)
    {
        var changed = 0;
        foreach (var chunk in ids.Chunk(500))
            changed += await db.Notices.Where(n => chunk.Contains(n.Id)).ExecuteUpdateAsync(u => u
                .SetProperty(n => n.Email, state)
                .SetProperty(n => n.EmailedAt, (DateTime?)null)
                .SetProperty(n => n.EmailAttempts, n => n.EmailAttempts + (attempt ? 1 : 0)), ct);
        return changed;
    }

    /// <summary>The plain-text body: each notice's words and link (a digest's first <see cref="DigestListed"/>), then where to change what is e-mailed.</summary>
    private string Body(Organisation organisation, IReadOnlyList<Notice> notices)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(notices.Count == 1 ? $"A notice from Steward at {organisation.Name}:" : $"Your notices from Steward at {organisation.Name}:");
        text.AppendLine();
        foreach (var n in notices.Take(DigestListed))
        {
            if (notices.Count > 1) text.AppendLine(NoticeKinds.Title(n.Kind));
            text.AppendLine(n.Text);
            text.AppendLine($"Open it: {mailer.Settings.Link($"/notices/{n.Id}")}");
            text.AppendLine();
        }
        if (notices.Count > DigestListed)
        {
            text.AppendLine($"And {notices.Count - DigestListed:N0} more: {mailer.Settings.Link("/notices")}");
            text.AppendLine();
        }
        text.AppendLine("Every notice is also listed in Steward under Notices.");
        text.AppendLine($"Choose which notices are e-mailed to you, and when: {mailer.Settings.Link("/account/notices")}");
        return text.ToString();
    }
}
