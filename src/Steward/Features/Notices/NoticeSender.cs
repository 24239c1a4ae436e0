using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Features.Organisations;
using Steward.Web;

namespace Steward.Features.Notices;

/// <summary>What one run of the notices job did, summed over councils.</summary>
public sealed record NoticeRunReport(int Made, int Emailed, int Digests, int NotSent, int Failed)
{
    public static readonly NoticeRunReport Empty = new(0, 0, 0, 0, 0);

    public NoticeRunReport Add(NoticeRunReport o) => new(Made + o.Made, Emailed + o.Emailed, Digests + o.Digests, NotSent + o.NotSent, Failed + o.Failed);

    /// <summary>"7 made, 7 e-mailed (0 in digests), 0 not e-mailed, 0 failed attempts".</summary>
    public override string ToString() => $"{Made} made, {Emailed} e-mailed ({Digests} in digests), {NotSent} not e-mailed, {Failed} failed attempts";
}

/// <summary>
/// E-mails a council's pending notices, each at most once: a notice is claimed (marked sent, in one conditional update)
/// before its message goes, so two senders can never both send it; a message the connection drops before the server
/// took it is put back for the next run (up to <see cref="MaxAttempts"/>). Immediate notices go one per e-mail;
/// digest notices made before today's digest time (<paramref name="digestHour"/> o'clock, UK time) go together, one
/// e-mail per reader a day. The e-mails carry the notice's words and a link to it, nothing more.
/// </summary>
public sealed class NoticeSender(Mailer mailer, int digestHour = 7)
{
    /// <summary>Attempts before a notice is given up (marked not sent; still listed in the app).</summary>
    public const int MaxAttempts = 5;

    /// <summary>A digest lists at most this many notices, then how many more there are with a link to the list.</summary>
    public const int DigestListed = 50;

    /// <summary>At most this many notices per council and run, oldest first: the rest go on the next run.</summary>
    public const int Batch = 1000;

    /// <summary>
    /// Sends the pending notices of <paramref name="organisation"/> (<paramref name="db"/> acting for it) as at
    /// <paramref name="now"/> (UTC). Without an e-mail server they are marked not sent at once.
    /// </summary>
    public async Task<NoticeRunReport> SendAsync(StewardDb db, Organisation organisation, DateTime now, CancellationToken ct = default)
    {
        if (!mailer.Settings.Enabled)
            return NoticeRunReport.Empty with
            {
                NotSent = await db.Notices.Where(n => n.Email == NoticeEmail.Pending).ExecuteUpdateAsync(u => u.SetProperty(n => n.Email, NoticeEmail.NotSent), ct),
            };
        var pending = await db.Notices.Where(n => n.Email == NoticeEmail.Pending).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Take(Batch)
            .AsNoTracking().ToListAsync(ct);
        if (pending.Count == 0) return NoticeRunReport.Empty;

        var accountIds = pending.Select(n => n.AccountId).Distinct().ToList();
        var readers = await db.Accounts.Where(a => accountIds.Contains(a.Id))
            .Select(a => new { a.Id, a.Email, a.DisplayName, Active = a.DeactivatedAt == null }).ToDictionaryAsync(a => a.Id, ct);
        var choices = (await db.NoticePreferences.Where(p => accountIds.Contains(p.AccountId)).ToListAsync(ct))
            .ToDictionary(p => (p.AccountId, p.Kind), p => p.Delivery);
        NoticeDelivery DeliveryOf(Notice n) =>
            !readers[n.AccountId].Active ? NoticeDelivery.None : NoticeKinds.Allowed(n.Kind, choices.GetValueOrDefault((n.AccountId, n.Kind), NoticeDelivery.Immediate));

        var report = NoticeRunReport.Empty with { NotSent = await MarkAsync(db, pending.Where(n => DeliveryOf(n) == NoticeDelivery.None).Select(n => n.Id).ToList(), NoticeEmail.NotSent, null, ct) };
        var cutoff = DigestCutoff(now);
        var messages = new List<(Email Email, List<long> Ids, bool Digest)>();
        foreach (var n in pending.Where(n => DeliveryOf(n) == NoticeDelivery.Immediate))
        {
            var r = readers[n.AccountId];
            messages.Add((new Email(r.Email, r.DisplayName, $"{NoticeKinds.Title(n.Kind)} – {organisation.Name}", Body(organisation, [n])), [n.Id], false));
        }
        foreach (var group in pending.Where(n => DeliveryOf(n) == NoticeDelivery.Digest && n.CreatedAt < cutoff).GroupBy(n => n.AccountId))
        {
            var r = readers[group.Key];
            var list = group.ToList();
            messages.Add((new Email(r.Email, r.DisplayName, $"Your notices ({list.Count}) – {organisation.Name}", Body(organisation, list)), list.Select(n => n.Id).ToList(), true));
        }
        return report.Add(await DeliverAsync(db, messages, now, ct));
    }

    /// <summary>The latest digest time (UK) at or before <paramref name="now"/>, in UTC: digests gather notices made before it.</summary>
    public DateTime DigestCutoff(DateTime now)
    {
        var uk = UkTime.ToUk(now);
        var today = uk.Date.AddHours(digestHour);
        return UkTime.ToUtc(uk >= today ? today : today.AddDays(-1));
    }

    private async Task<NoticeRunReport> DeliverAsync(StewardDb db, List<(Email Email, List<long> Ids, bool Digest)> messages, DateTime now, CancellationToken ct)
    {
        // Claim every message's notices first: what another sender already claimed is left out of the message.
        var claimed = new List<(Email Email, List<long> Ids, bool Digest)>();
        foreach (var (email, ids, digest) in messages)
        {
            var mine = new List<long>();
            foreach (var id in ids)
                if (await db.Notices.Where(n => n.Id == id && n.Email == NoticeEmail.Pending)
                        .ExecuteUpdateAsync(u => u.SetProperty(n => n.Email, NoticeEmail.Sent).SetProperty(n => n.EmailedAt, now), ct) == 1)
                    mine.Add(id);
            if (mine.Count == ids.Count) claimed.Add((email, mine, digest));
            else if (mine.Count > 0) await MarkAsync(db, mine, NoticeEmail.Pending, null, ct); // a digest half-taken by another sender: try again next run
        }
        var sent = new HashSet<Email>(ReferenceEqualityComparer.Instance);
        var refused = new HashSet<Email>(ReferenceEqualityComparer.Instance);
        var failed = 0;
        try
        {
            await mailer.SendAsync(claimed.Select(c => c.Email).ToList(), e => { sent.Add(e); return Task.CompletedTask; },
                (e, _) => { refused.Add(e); return Task.CompletedTask; }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failed = 1;
        }
        finally
        {
            // Put back what did not go: refused ones are given up; the rest are tried again, up to MaxAttempts.
            var back = claimed.Where(c => !sent.Contains(c.Email)).ToList();
            await MarkAsync(db, back.Where(c => refused.Contains(c.Email)).SelectMany(c => c.Ids).ToList(), NoticeEmail.NotSent, null, CancellationToken.None);
            await MarkAsync(db, back.Where(c => !refused.Contains(c.Email)).SelectMany(c => c.Ids).ToList(), NoticeEmail.Pending, MaxAttempts, CancellationToken.None);
        }
        var digests = claimed.Count(c => c.Digest && sent.Contains(c.Email));
        return new NoticeRunReport(0, sent.Count, digests, refused.Count, failed);
    }

    /// <summary>
    /// Sets the e-mail state of <paramref name="ids"/> to pending or not sent (never e-mailed). Putting back to pending counts an attempt, and gives up (not sent)
    /// once <paramref name="maxAttempts"/> is reached. Returns how many were changed.
    /// </summary>
    private static async Task<int> MarkAsync(StewardDb db, List<long> ids, NoticeEmail state, int? maxAttempts, CancellationToken ct)
    {
        var changed = 0;
        foreach (var chunk in ids.Chunk(500))
        {
            var set = db.Notices.Where(n => chunk.Contains(n.Id));
            if (maxAttempts is { } max)
                changed += await set.ExecuteUpdateAsync(u => u
                    .SetProperty(n => n.EmailAttempts, n => n.EmailAttempts + 1)
                    .SetProperty(n => n.Email, n => n.EmailAttempts + 1 >= max ? NoticeEmail.NotSent : NoticeEmail.Pending)
                    .SetProperty(n => n.EmailedAt, (DateTime?)null), ct);
            else
                changed += await set.ExecuteUpdateAsync(u => u.SetProperty(n => n.Email, state).SetProperty(n => n.EmailedAt, (DateTime?)null), ct);
        }
        return changed;
    }

    /// <summary>The plain-text body: each notice's words and link, then where to change what is e-mailed.</summary>
    private string Body(Organisation organisation, IReadOnlyList<Notice> notices)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(notices.Count == 1 ? $"A notice from Steward at {organisation.Name}:" : $"Your notices from Steward at {organisation.Name}:");
        text.AppendLine();
        foreach (var n in notices.Take(DigestListed))
        {
            if (notices.Count > 1) text.AppendLine($"{NoticeKinds.Title(n.Kind)}");
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
