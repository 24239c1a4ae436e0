using Steward.Data;
using Steward.Domain;

namespace Steward.Features.Organisations;

public class Organisation : IVersioned
{
    public int Id { get; set; }

    /// <summary>Short code used on the command line and in URLs ("DBC"). Unique, case-insensitively.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>ONS GSS code (E07000096), optional.</summary>
    public string? GssCode { get; set; }

    /// <summary>Amber tolerance in % of target used by indicators that do not set their own.</summary>
    public decimal DefaultTolerance { get; set; } = 5m;

    /// <summary>The period the organisation is reporting on now (the dashboard's default). Stored as yyyymm.</summary>
    public Period? CurrentPeriod { get; set; }

    /// <summary>Working days after a period ends by which its result is due, per frequency.</summary>
    public int MonthlyDueDays { get; set; } = 10;
    public int QuarterlyDueDays { get; set; } = 15;
    public int AnnualDueDays { get; set; } = 20;

    /// <summary>Working days before a due date (a result's, a risk review's, a report deadline) that its reminder notice is made.</summary>
    public int ReminderDays { get; set; } = 3;

    /// <summary>Working days after a result's due date that, still not submitted, it is escalated to the indicator's approvers.</summary>
    public int EscalationDays { get; set; } = 5;

    /// <summary>Whether England and Wales bank holidays are non-working days (the default). Closure days add to them.</summary>
    public bool EnglandAndWalesBankHolidays { get; set; } = true;

    /// <summary>Residual score at or above which risks with amber or red prospects are reported in full.</summary>
    public int RiskExceptionThreshold { get; set; } = Steward.Domain.RiskRules.DefaultExceptionThreshold;

    /// <summary>
    /// Pounds (zero or more) that a budget line's adverse variance must pass before finance must explain it, and before the
    /// indicators linked to the line are exception <c>budget</c> (<see cref="Steward.Domain.BudgetRules.NeedsCommentary"/>).
    /// </summary>
    public decimal BudgetVarianceThreshold { get; set; } = DefaultBudgetVarianceThreshold;

    /// <summary>£100,000: a common threshold for explaining a forecast variance to committee.</summary>
    public const decimal DefaultBudgetVarianceThreshold = 100_000m;

    /// <summary>The unit the finance tables print money in (exports always write pounds).</summary>
    public Steward.Domain.MoneyUnit MoneyUnit { get; set; }

    /// <summary>Complaint timescales in working days, and retention of complainants' details (<see cref="Complaints"/>).</summary>
    public int ComplaintStage1AcknowledgeDays { get; set; } = 5;
    public int ComplaintStage1ResponseDays { get; set; } = 10;
    public int ComplaintStage2AcknowledgeDays { get; set; } = 5;
    public int ComplaintStage2ResponseDays { get; set; } = 20;
    public int ComplaintMaxExtensionDays { get; set; } = 10;
    public bool ComplaintResponseFromReceipt { get; set; }
    public int ComplaintRetentionMonths { get; set; } = 72;

    /// <summary>The council's complaints policy as the rules read it.</summary>
    public Steward.Domain.ComplaintPolicy Complaints => new(ComplaintStage1AcknowledgeDays, ComplaintStage1ResponseDays, ComplaintStage2AcknowledgeDays,
        ComplaintStage2ResponseDays, ComplaintMaxExtensionDays, ComplaintResponseFromReceipt, ComplaintRetentionMonths);

    /// <summary>Months between a signed-off risk review and the next one due.</summary>
    public int RiskReviewMonths { get; set; } = 3;

    /// <summary>
    /// The day the organisation's pages take as today (a demo council's is the date of its papers), or null for the real
    /// date: due dates, overdue results and reviews, and which periods have ended are judged against it.
    /// </summary>
    public DateOnly? AsAt { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Who must sign in with a second factor (administrators by default).</summary>
    public Steward.Features.Accounts.TwoFactorRequirement TwoFactor { get; set; }

    /// <summary>Single sign-on: the council's OpenID Connect issuer (https), its client id and secret (protected); all null when off.</summary>
    public string? SsoAuthority { get; set; }
    public string? SsoClientId { get; set; }
    public string? SsoClientSecret { get; set; }

    /// <summary>Moves on whenever the single sign-on settings change, so every app server builds them afresh.</summary>
    public int SsoVersion { get; set; }

    public int Version { get; set; }

    /// <summary>
    /// Moves on (in the same transaction) with every write of the council's performance data (<see cref="IPerformanceData"/>):
    /// figures computed over the whole council are kept against it (<see cref="CouncilCache"/>). Never shown.
    /// </summary>
    public long DataVersion { get; set; }

    /// <summary>Today for this organisation: its <see cref="AsAt"/> date, else the date in the UK now.</summary>
    public DateOnly Today(TimeProvider clock) => AsAt ?? DateOnly.FromDateTime(Steward.Web.UkTime.ToUk(clock.GetUtcNow().UtcDateTime));

    public int DueDays(Frequency frequency) => frequency switch
    {
        Frequency.Monthly => MonthlyDueDays,
        Frequency.Quarterly => QuarterlyDueDays,
        _ => AnnualDueDays,
    };

    public static string NormaliseCode(string code) => code.Trim().ToUpperInvariant();
}

public class Directorate : IOrganisationOwned
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public required string Name { get; set; }
}

public class Service : IOrganisationOwned
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public required string Name { get; set; }
    public int? DirectorateId { get; set; }
    public Directorate? Directorate { get; set; }
}

/// <summary>A corporate priority or theme indicators sit under ("Dacorum Delivers - Performance excellence").</summary>
public class Theme : IOrganisationOwned
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public required string Name { get; set; }
}

/// <summary>
/// Someone the organisation names: a lead officer, data owner, risk owner, portfolio holder, updater.
/// A person may have an account (to sign in) or not (a name in a report).
/// </summary>
public class Person : IOrganisationOwned
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public required string Name { get; set; }
    public string? Email { get; set; }
    public int? AccountId { get; set; }
}

/// <summary>A day the organisation does not work (beyond weekends and, by default, bank holidays): a Christmas closure.</summary>
public class ClosureDay : IPerformanceData
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public DateOnly Date { get; set; }
    public required string Name { get; set; }
}
