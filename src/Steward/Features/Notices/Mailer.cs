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
/// <param name="SiteUrl">The address people open Steward at ("https://steward.council.gov.uk"): links in e-mails start with it.</param>
public sealed record EmailSettings(string? Host, int Port, string Security, string? Username, string? Password, string From, string? SiteUrl)
{
    public const string Section = "Steward:Email";

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Reads the settings; throws <see cref="InvalidOperationException"/> naming the setting when one is malformed.</summary>
    public static EmailSettings Read(IConfiguration configuration)
    {
        var s = configuration.GetSection(Section);
        var security = (s["Security"] ?? "starttls").Trim().ToLowerInvariant();
        if (security is not ("starttls" or "tls" or "none"))
            throw new InvalidOperationException($"{Section}:Security must be starttls, tls or none, not '{security}'");
        var from = s["From"] ?? "Steward <steward@localhost>";
        if (!MailboxAddress.TryParse(from, out _)) throw new InvalidOperationException($"{Section}:From '{from}' is not an e-mail address");
        var site = configuration["Steward:SiteUrl"];
        if (!string.IsNullOrEmpty(site) && !Uri.TryCreate(site, UriKind.Absolute, out _))
            throw new InvalidOperationException($"Steward:SiteUrl '{site}' is not an absolute address, like https://steward.council.gov.uk");
        return new EmailSettings(s["Host"], s.GetValue("Port", 587), security, s["Username"], s["Password"], from, site?.TrimEnd('/'));
    }

    /// <summary>The absolute address of <paramref name="path"/> (a path within the site, starting with '/').</summary>
    public string Link(string path) => (SiteUrl ?? "http://127.0.0.1:5000") + path;
}

/// <summary>One e-mail to send: to whom, about what, its plain-text body.</summary>
public sealed record Email(string To, string ToName, string Subject, string Body);

/// <summary>Sends e-mails through the configured SMTP server with MailKit: one connection per batch.</summary>
public sealed class Mailer(EmailSettings settings)
{
    public EmailSettings Settings => settings;

    /// <summary>
    /// Sends <paramref name="emails"/> in order on one connection, calling <paramref name="sent"/> after each is accepted
    /// by the server. A message the server refuses (a bad recipient) is reported to <paramref name="refused"/> and the rest
    /// go on; a broken connection or a failed sign-in throws (<see cref="IOException"/>, <see cref="MailKit.ServiceNotConnectedException"/>,
    /// <see cref="AuthenticationException"/>…), leaving the rest unsent.
    /// </summary>
    public async Task SendAsync(IReadOnlyList<Email> emails, Func<Email, Task> sent, Func<Email, Exception, Task> refused, CancellationToken ct = default)
    {
        if (emails.Count == 0) return;
        if (!settings.Enabled) throw new InvalidOperationException("No e-mail server is set up");
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
            try
            {
                await client.SendAsync(Message(email), ct);
            }
            catch (SmtpCommandException e) when (e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
            {
                await refused(email, e);
                continue;
            }
            await sent(email);
        }
        await client.DisconnectAsync(true, ct);
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
