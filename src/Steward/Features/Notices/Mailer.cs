using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Steward.Features.Notices;

/// <summary>
/// The SMTP server Steward sends through, from configuration (<c>Steward:Email:…</c>, e.g. environment variables
/// <c>Steward__Email__Host</c>). Without a host, e-mail is off and notices are only listed in the app.
/// </summary>
/// <param name="Host">The server's name or address; null or empty turns e-mail off.</param>
/// <param name="Port">Its port: 587 by default (submission with STARTTLS), 465 for TLS on connect, 25 for a relay.</param>
/// <param name="Security">"starttls" (the default: refuses a server that cannot), "tls" (TLS on connect), "none" (plain, for a relay on the same host).</param>
/// <param name="Username">Sign-in name, if the server asks for one.</param>
/// <param name="Password">Its password.</param>
/// <param name="From">The sender, "Steward &lt;performance@council.gov.uk&gt;".</param>
/// <param name="SiteUrl">The address people open Steward at ("https://steward.council.gov.uk"): links in e-mails start with it. Required with a host.</param>
public sealed record EmailSettings(string? Host, int Port, string Security, string? Username, string? Password, string From, string? SiteUrl)
{
    public const string Section = "Steward:Email";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Reads the settings; throws <see cref="SettingsException"/> naming the setting when one is malformed or missing.</summary>
    public static EmailSettings Read(IConfiguration configuration)
    {
        var s = configuration.GetSection(Section);
        var security = (s["Security"] ?? "starttls").Trim().ToLowerInvariant();
        if (security is not ("starttls" or "tls" or "none"))
            throw new SettingsException($"{Section}:Security must be starttls, tls or none, not '{security}'");
        var from = s["From"] ?? "Steward <steward@localhost>";
        if (!MailboxAddress.TryParse(from, out _)) throw new SettingsException($"{Section}:From '{from}' is not an e-mail address");
        var site = configuration["Steward:SiteUrl"];
        if (!string.IsNullOrEmpty(site) && !(Uri.TryCreate(site, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            throw new SettingsException($"Steward:SiteUrl '{site}' is not an absolute address, like https://steward.council.gov.uk");
        // Links in e-mails are built from the setting, never from a request's Host header (which a visitor chooses).
        if (!string.IsNullOrWhiteSpace(s["Host"]) && string.IsNullOrEmpty(site))
            throw new SettingsException("Steward:SiteUrl must be set when e-mail is (Steward:Email:Host): links in e-mails start with it, like https://steward.council.gov.uk");
        var port = 587;
        if (s["Port"] is { Length: > 0 } p && !(int.TryParse(p, out port) && port is > 0 and < 65536))
            throw new SettingsException($"{Section}:Port must be a port number, like 587, not '{p}'");
        return new EmailSettings(s["Host"], port, security, s["Username"], s["Password"], from, site?.TrimEnd('/'));
    }

    /// <summary>The absolute address of <paramref name="path"/> (a path within the site, starting with '/'); e-mail needs <see cref="SiteUrl"/>.</summary>
    public string Link(string path) => (SiteUrl ?? throw new InvalidOperationException("Steward:SiteUrl is not set")) + path;
}

/// <summary>What became of a batch of e-mails (<see cref="Mailer.SendAsync"/>).</summary>
/// <param name="Sent">Accepted by the server.</param>
/// <param name="Refused">Refused for good (a 5xx answer): not to be tried again.</param>
/// <param name="InFlight">When <paramref name="Failure"/> struck while a message was on its way: that message, which the server may have taken.</param>
/// <param name="Failure">Why the batch stopped (network, TLS, sign-in, a temporary refusal, cancellation); null when every message was answered.</param>
public sealed record MailOutcome(IReadOnlySet<Email> Sent, IReadOnlySet<Email> Refused, Email? InFlight, Exception? Failure);

/// <summary>
/// A setting Steward cannot start with, named as configuration names it ("Steward:Email:Security"; as an environment
/// variable, Steward__Email__Security). The web app stops with the message; the command line exits 1 with it.
/// </summary>
public sealed class SettingsException(string message) : Exception(message + " (as an environment variable, write ':' as '__')");

/// <summary>One e-mail to send: to whom, about what, its plain-text body.</summary>
public sealed record Email(string To, string ToName, string Subject, string Body);

/// <summary>Sends e-mails through the configured SMTP server with MailKit: one connection per batch.</summary>
public sealed class Mailer(EmailSettings settings)
{
    public EmailSettings Settings => settings;

    /// <summary>
    /// Sends <paramref name="emails"/> in order on one connection and says what became of each: accepted by the server
    /// (<see cref="MailOutcome.Sent"/>), refused for good — a 5xx answer to its recipient or content
    /// (<see cref="MailOutcome.Refused"/>) — or, when the connection, the sign-in or the server failed (or the run was
    /// cancelled), the failure, the message that was on its way then (the server may or may not have taken it) and,
    /// implicitly, the rest, never tried. Never throws for a failure of the server or the network.
    /// </summary>
    public async Task<MailOutcome> SendAsync(IReadOnlyList<Email> emails, CancellationToken ct = default)
    {
        var sent = new HashSet<Email>(ReferenceEqualityComparer.Instance);
        var refused = new HashSet<Email>(ReferenceEqualityComparer.Instance);
        if (emails.Count == 0) return new MailOutcome(sent, refused, null, null);
        if (!settings.Enabled) throw new InvalidOperationException("No e-mail server is set up");
        Email? inFlight = null;
        try
        {
            using var client = new SmtpClient { Timeout = 30_000 };
            var options = settings.Security switch
            {
                "tls" => SecureSocketOptions.SslOnConnect,
                "none" => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(settings.Host!, settings.Port, options, ct);
            if (!string.IsNullOrEmpty(settings.Username)) await client.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
            foreach (var email in emails)
            {
                inFlight = email;
                try
                {
                    await client.SendAsync(Message(email), ct);
                    sent.Add(email);
                }
                catch (SmtpCommandException e) when ((int)e.StatusCode >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
                {
                    // The server answered, so the connection is good: this one is refused for good, the rest go on.
                    refused.Add(email);
                }
                inFlight = null;
            }
            await client.DisconnectAsync(true, ct);
            return new MailOutcome(sent, refused, null, null);
        }
        catch (Exception e)
        {
            return new MailOutcome(sent, refused, inFlight, e);
        }
    }

    private MimeMessage Message(Email email)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(new MailboxAddress(email.ToName, email.To));
        message.Subject = email.Subject;
        message.Body = new TextPart("plain") { Text = email.Body };
        // Automatic mail: out-of-office replies should not answer it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }
}
