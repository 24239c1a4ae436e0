using Steward.Cli;
using Steward.Features.Organisations;
using Microsoft.EntityFrameworkCore;

namespace Steward.Features.Accounts;

public static class AccountCommands
{
    public static readonly IReadOnlyList<Verb> Verbs =
    [
        new("user add", "EMAIL --org CODE --role ROLE[,ROLE…]", "Create an account, or grant an account roles in an organisation.",
            ["org", "role", "name", "password"],
            """
            Roles: administrator, performance-officer, updater, approver, risk-owner, viewer;
            and exempt-reader, a clearance to read exempt (Part II) risks, given with a role.
              --name "Full Name"   how the person is shown (default: the email)
              --password VALUE     for a new account (or to reset it). Else STEWARD_PASSWORD,
                                   else asked for on the terminal. At least 12 characters.
            Run it again with another --org to give the same account roles in another organisation.
            This is how the first administrator is made.
            """, AddAsync),
    ];

    private static async Task<int> AddAsync(CliContext ctx, CommandLine line)
    {
        if (line.Words.Count != 1) throw new UsageException("give one EMAIL");
        var email = line.Words[0].Trim();
        if (!AccountManager.IsValidEmail(email)) throw new BadDataException($"'{email}' is not an email address");
        var roles = Role.None;
        foreach (var part in line.RequireOption("role").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!RoleNames.TryParse(part, out var role))
                throw new UsageException($"unknown role '{part}': use {string.Join(", ", RoleNames.All.Select(r => r.Name))}");
            roles |= role;
        }
        if (roles == Role.None) throw new UsageException("--role names no role");

        var (db, org) = await ctx.OpenForOrganisationAsync(line);
        await using (db)
        {
            var key = Account.Normalise(email);
            var exists = await db.Accounts.AnyAsync(a => a.NormalisedEmail == key);
            var password = line.Option("password") ?? Environment.GetEnvironmentVariable("STEWARD_PASSWORD");
            if (password is null && !exists) password = Prompt($"Password for {email}: ");
            if (password is null && !exists)
                throw new BadDataException("a new account needs a password: give --password, set STEWARD_PASSWORD, or run it on a terminal");
            if (password is not null && PasswordRules.Problem(password, email, line.Option("name"), org.Name) is { } problem) throw new BadDataException(problem);

            var account = await AccountManager.GrantAsync(db, email, line.Option("name"), password, org, roles);
            var granted = account.Memberships.Single(m => m.OrganisationId == org.Id).Roles;
            await ctx.Out.WriteLineAsync($"{(exists ? "Updated" : "Created")} {account.Email}: {string.Join(", ", RoleNames.Names(granted))} in {org.Code}.");
        }
        return ExitCode.Success;
    }

    private static string? Prompt(string label)
    {
        if (Console.IsInputRedirected) return null;
        Console.Error.Write(label);
        var chars = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (chars.Length > 0) chars.Length--; continue; }
            chars.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return chars.ToString();
    }
}
