using System.Net;
using System.Text;
using MimeKit;
using netDumbster.smtp;
using Steward.Features.Notices;

namespace Steward.Tests.Support;

/// <summary>
/// A real SMTP server on 127.0.0.1 (a free port) that keeps what it receives, for tests of e-mail; stopped on dispose.
/// Messages are read back through MimeKit, so bodies are decoded as a mail program would show them.
/// </summary>
public sealed class SmtpListener : IDisposable
{
    private readonly SimpleSmtpServer _server = Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();

    public int Port => _server.Configuration.Port;

    /// <summary>Steward's settings for this server: no TLS, no sign-in, links starting with https://steward.test.</summary>
    public EmailSettings Settings => new("127.0.0.1", Port, "none", null, null, "Steward <steward@test.example>", "https://steward.test");

    public Mailer Mailer => new(Settings);

    /// <summary>What has arrived so far, in order: to (address), subject, plain-text body.</summary>
    public IReadOnlyList<(string To, string Subject, string Body)> Received =>
        _server.ReceivedEmail.Select(m =>
        {
            var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data)));
            return (string.Join(",", message.To.Mailboxes.Select(a => a.Address)), message.Subject ?? "", message.TextBody ?? "");
        }).ToList();

    public void Clear() => _server.ClearReceivedEmail();

    public void Dispose() => _server.Stop();
}
