using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Accounts;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Features.Risks;

namespace Steward.Features.Demo;

/// <summary>What to generate: how many councils, and of what size.</summary>
/// <param name="Years">Years of history: the 12 × <paramref name="Years"/> months ending at <paramref name="To"/>.</param>
/// <param name="Reviews">Signed-off quarterly reviews per risk, the latest ending at <paramref name="To"/>.</param>
/// <param name="Links">Risks given a performance indicator as assurance.</param>
/// <param name="To">The last period generated (a quarter end), which becomes each council's reporting period.</param>
/// <param name="BudgetLines">Budget lines (revenue and capital) with a forecast every month; the first <paramref name="Links"/> are linked to an indicator of their service.</param>
/// <param name="ComplaintsPerYear">Stage 1 complaints a year in the complaints log.</param>
public sealed record GeneratorOptions(int Orgs, int Indicators, int Years, int Risks, int Reviews, int Links, int Seed, Period To,
    int BudgetLines = 0, int ComplaintsPerYear = 0)
{
    public static readonly Period DefaultTo = new(2026, 9);
}

/// <summary>What was generated, for the command's report.</summary>
public sealed record GeneratorReport(IReadOnlyList<string> Codes, long Indicators, long Results, long Targets, long Risks, long Reviews,
    long BudgetLines, long BudgetForecasts, long Complaints, TimeSpan Took);

/// <summary>
/// Synthetic councils for trying Steward at a county's scale and for the benchmarks: indicators of mixed frequencies and
/// units (ratios among them) with years of monthly history, annual and profiled targets, gaps, comments and results still
/// in the cycle; registers of risks on a 5×5 matrix with quarterly signed-off reviews, actions and indicator links; a
/// committee per directorate with its budget monitoring, capital programme and savings; a complaints log; a login per role. The same seed gives the same councils. Rows go in by bulk copy, so 2,000 indicators × 10 years and
/// 2,000 risks take seconds.
/// </summary>
public static partial class DemoGenerator
{
    private static readonly string[] Directorates = ["Adults and Health", "Children and Education", "Place and Economy", "Resources", "Communities"];
    private static readonly string[][] Services =
    [
        ["Adult Social Care", "Public Health", "Commissioning", "Safeguarding Adults"],
        ["Children's Social Care", "Schools and Learning", "Early Help", "SEND"],
        ["Highways", "Waste and Recycling", "Planning", "Economic Development"],
        ["Finance", "HR and Organisational Development", "ICT and Digital", "Customer Services"],
        ["Libraries", "Trading Standards", "Fire and Rescue", "Registration"],
    ];
    private static readonly string[] Themes = ["A good life for older people", "Best start for children", "A thriving economy", "A greener county", "Safe communities", "Performance excellence"];
    private static readonly string[] FirstNames = ["Amanda", "Ben", "Claire", "David", "Emma", "Fiona", "Gareth", "Helen", "Imran", "Jane", "Kevin", "Laura", "Mark", "Nadia", "Owen", "Priya", "Rachel", "Simon", "Tom", "Yvonne"];
    private static readonly string[] LastNames = ["Askham", "Barden", "Connell", "Doyle", "Evans", "Grace", "Harden", "Iqbal", "Kelly", "Lewis", "Morgan", "Patel", "Smyth", "Turner", "Walsh"];
    private static readonly string[] Measures =
    [
        "Percentage of assessments completed within 28 days", "Percentage of calls answered within 60 seconds", "Number of people supported to live at home",
        "Average days to process a new claim", "Percentage of complaints resolved at stage 1", "Number of missed bin collections per 100,000",
        "Percentage of planning applications decided in time", "Average sickness days per FTE", "Percentage of invoices paid within 30 days",
        "Number of active library members", "Percentage of potholes repaired within 28 days", "Customer satisfaction score",
    ];
    private static readonly string[] Comments = ["Seasonal dip expected", "Two vacancies filled this month", "Data validated by the service", "New system went live", "Figures revised after audit"];
    private static readonly string[] RiskThemes = ["Failure to deliver", "Loss of key ICT systems affecting", "Insufficient capacity in", "Budget pressure on", "Safeguarding failure in", "Data breach in"];

    /// <summary>Adds the councils (codes GEN01, GEN02 …); refused when a code is taken. Returns what was made.</summary>
    public static async Task<GeneratorReport> GenerateAsync(StewardDb db, GeneratorOptions options, CancellationToken ct = default)
    {
        var started = DateTime.UtcNow;
        var random = new Random(options.Seed);
        var codes = Enumerable.Range(1, options.Orgs).Select(n => $"GEN{n:00}").ToList();
        if (await db.Organisations.AnyAsync(o => codes.Contains(o.Code), ct))
            throw new InvalidOperationException($"the database already has a council coded {string.Join(" or ", codes)}");
        long indicators = 0, results = 0, targets = 0, risks = 0, reviews = 0, lines = 0, forecasts = 0, complaints = 0;
        foreach (var (code, n) in codes.Select((c, i) => (c, i + 1)))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.AuditAddedRowsInBulk = true;
            var org = new Organisation
            {
                // Generated councils are for load and browsing: no one is made to set up a second factor.
                TwoFactor = Steward.Features.Accounts.TwoFactorRequirement.NoOne,
                Code = code, Name = $"Generated County Council {n}", DefaultTolerance = 5m, CurrentPeriod = options.To, CreatedAt = DateTime.UtcNow,
            };
            db.Organisations.Add(org);
            await db.SaveChangesAsync(ct);
            db.UseOrganisation(org.Id);
            var counts = await GenerateCouncilAsync(db, org, options, random, ct);
            db.Record("generate", "Organisation", org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), org.Code,
                new { options.Seed, options.Indicators, options.Years, options.Risks, options.Reviews, options.Links, options.BudgetLines, options.ComplaintsPerYear, counts });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.AuditAddedRowsInBulk = false;
            db.ChangeTracker.Clear();
            (indicators, results, targets, risks, reviews) =
                (indicators + options.Indicators, results + counts.Results, targets + counts.Targets, risks + options.Risks, reviews + counts.Reviews);
            (lines, forecasts, complaints) = (lines + counts.BudgetLines, forecasts + counts.BudgetForecasts, complaints + counts.Complaints);
        }
        // PostgreSQL plans from its statistics, which autovacuum refreshes only once enough rows have changed (and never for
        // small tables such as services): refreshed here, as after any bulk load, so the pages are planned for what is there.
        if (!db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
        return new GeneratorReport(codes, indicators, results, targets, risks, reviews, lines, forecasts, complaints, DateTime.UtcNow - started);
    }

    private sealed record Counts(long Results, long Targets, long Reviews, long BudgetLines, long BudgetForecasts, long Complaints);

    private static async Task<Counts> GenerateCouncilAsync(StewardDb db, Organisation org, GeneratorOptions o, Random random, CancellationToken ct)
    {
        T Pick<T>(IReadOnlyList<T> list) => list[random.Next(list.Count)];
        bool Chance(double p) => random.NextDouble() < p;

        // Structure: directorates, services, themes, people, logins.
        var services = new List<Service>();
        var directorates = new List<Directorate>();
        foreach (var (name, i) in Directorates.Select((d, i) => (d, i)))
        {
            var directorate = db.Directorates.Add(new Directorate { Name = name }).Entity;
            directorates.Add(directorate);
            services.AddRange(Services[i].Select(s => db.Services.Add(new Service { Name = s, Directorate = directorate }).Entity));
        }
        var themes = Themes.Select(t => db.Themes.Add(new Theme { Name = t }).Entity).ToList();
        var people = FirstNames.SelectMany(f => LastNames.Take(3).Select(l => $"{f} {l}")).Distinct()
            .Select(name => db.People.Add(new Person { Name = name }).Entity).ToList();
        await db.SaveChangesAsync(ct);
        var domain = $"{org.Code.ToLowerInvariant()}.example";
        var logins = new Dictionary<Role, Person>();
        foreach (var (role, local, title) in DemoData.Logins)
        {
            var account = await AccountManager.GrantAsync(db, $"{local}@{domain}", $"Demo {title.ToLowerInvariant()}", DemoData.Password, org, role);
            logins[role] = await AccountManager.EnsurePersonAsync(db, account, org.Id);
        }

        // Indicators.
        var first = o.To.AddMonths(1 - 12 * o.Years);
        var list = new List<Indicator>(o.Indicators);
        for (var i = 1; i <= o.Indicators; i++)
        {
            var service = Pick(services);
            var frequency = random.NextDouble() switch { < 0.55 => Frequency.Monthly, < 0.9 => Frequency.Quarterly, _ => Frequency.Annual };
            var unit = random.NextDouble() switch { < 0.5 => Unit.Percent, < 0.75 => Unit.Number, < 0.9 => Unit.Days, < 0.95 => Unit.Currency, _ => Unit.Score };
            var prefix = new string(service.Name.Where(char.IsUpper).Take(3).ToArray()).PadRight(2, 'X');
            list.Add(db.Indicators.Add(new Indicator
            {
                Code = $"{prefix}{i:0000}", CodeKey = $"{prefix}{i:0000}".ToUpperInvariant(), Name = $"{Pick(Measures)} ({service.Name})",
                Service = service, Theme = Pick(themes), LeadOfficer = Pick(people), DataOwner = Pick(people),
                Frequency = frequency, Unit = unit, Polarity = Chance(0.6) ? Polarity.HigherIsBetter : Polarity.LowerIsBetter,
                InfoOnly = Chance(0.08), Cumulative = frequency == Frequency.Quarterly && unit == Unit.Days && Chance(0.3),
                Tolerance = Chance(0.8) ? null : Pick(new decimal?[] { 10m, 15m, 25m }), Decimals = unit == Unit.Percent ? 1 : unit == Unit.Number ? 0 : 2,
            }).Entity);
        }
        await db.SaveChangesAsync(ct);

        var levels = list.ToDictionary(i => i.Id, i => Level(i, random));
        var resultCount = await BulkInsert.RowsAsync(db, Results(list, levels, first, o.To, random, domain), ct);
        var periodTargets = await BulkInsert.RowsAsync(db, PeriodTargets(list, levels, first, o.To), ct);
        var annualTargets = await BulkInsert.RowsAsync(db, AnnualTargets(list, levels, first, o.To), ct);
        await BulkInsert.RowsAsync(db, list.SelectMany(i => new[]
        {
            new Assignment { IndicatorId = i.Id, PersonId = logins[Role.Updater].Id, Role = AssignmentRole.Updater },
            new Assignment { IndicatorId = i.Id, PersonId = logins[Role.Approver].Id, Role = AssignmentRole.Approver },
        }), ct);

        // Risks: a 5×5 matrix, registers corporate → directorate → service, quarterly reviews.
        var bands = await RiskMatrixStore.BandsAsync(db, ct);
        await RiskMatrixStore.ReplaceAsync(db, ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"], ["Insignificant", "Minor", "Moderate", "Major", "Extreme"],
            (l, i) => bands[(l * i) switch { <= 4 => "green", <= 10 => "amber", _ => "red" }], ct);
        var corporate = db.RiskRegisters.Add(new RiskRegister { Name = "Corporate", Corporate = true }).Entity;
        var registers = new List<RiskRegister> { corporate };
        foreach (var (name, i) in Directorates.Select((d, i) => (d, i)))
        {
            var directorate = db.RiskRegisters.Add(new RiskRegister { Name = name, Parent = corporate }).Entity;
            registers.Add(directorate);
            registers.AddRange(Services[i].Select(s => db.RiskRegisters.Add(new RiskRegister { Name = s, Parent = directorate }).Entity));
        }
        var lastReview = o.To.EndDate;
        var riskList = new List<(Risk Risk, List<RiskScore> History)>(o.Risks);
        for (var r = 1; r <= o.Risks; r++)
        {
            var inherent = new RiskScore(random.Next(2, 6), random.Next(2, 6));
            // The history of signed-off scores, oldest first, drifting a level at a time below the inherent score.
            var history = new List<RiskScore>();
            var current = new RiskScore(Math.Max(1, inherent.Likelihood - random.Next(0, 2)), Math.Max(1, inherent.Impact - random.Next(0, 2)));
            for (var q = 0; q < Math.Max(1, o.Reviews); q++)
            {
                history.Add(current);
                current = new RiskScore(Math.Clamp(current.Likelihood + random.Next(-1, 2), 1, inherent.Likelihood), current.Impact);
            }
            var residual = history[^1];
            // A tenth of the risks are the council's corporate risks; the rest are spread over the other registers.
            var register = Chance(0.1) ? corporate : registers[1 + random.Next(registers.Count - 1)];
            var risk = new Risk
            {
                Code = $"R{r:0000}", CodeKey = $"R{r:0000}", Title = $"{Pick(RiskThemes)} {register.Name.ToLowerInvariant()} objectives ({r})", Register = register,
                Category = Pick(new[] { "Financial", "Reputational", "Service Delivery", "Compliance", "Technical/Operational" }),
                Owner = Pick(people), PortfolioHolder = Pick(people), Treatment = Treatment.Treat,
                InherentLikelihood = inherent.Likelihood, InherentImpact = inherent.Impact,
                ResidualLikelihood = residual.Likelihood, ResidualImpact = residual.Impact,
                TargetLikelihood = Math.Max(1, residual.Likelihood - 1), TargetImpact = residual.Impact,
                TargetDate = lastReview.AddMonths(random.Next(3, 18)), Prospects = (Prospects)random.Next(1, 4),
                SignedOffOn = o.Reviews > 0 ? lastReview : null, NextReviewDate = lastReview.AddMonths(org.RiskReviewMonths), CreatedAt = DateTime.UtcNow,
            };
            if (o.Reviews > 1)
                (risk.PreviousLikelihood, risk.PreviousImpact, risk.PreviousSignedOffOn) = (history[^2].Likelihood, history[^2].Impact, lastReview.AddMonths(-3));
            riskList.Add((db.Risks.Add(risk).Entity, history));
        }
        await db.SaveChangesAsync(ct);
        var reviewCount = o.Reviews == 0 ? 0 : await BulkInsert.RowsAsync(db, riskList.SelectMany(x => x.History.Select((s, q) =>
        {
            var date = lastReview.AddMonths(-3 * (x.History.Count - 1 - q));
            var at = date.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
            return new RiskReview
            {
                RiskId = x.Risk.Id, ReviewDate = date, RegisterId = x.Risk.RegisterId, ResidualLikelihood = s.Likelihood, ResidualImpact = s.Impact,
                TargetLikelihood = x.Risk.TargetLikelihood, TargetImpact = x.Risk.TargetImpact, TargetDate = x.Risk.TargetDate, Prospects = x.Risk.Prospects,
                Commentary = "Controls reviewed; progress on the action plan as reported.", Status = ApprovalStatus.Approved,
                SubmittedBy = $"owner@{domain}", SubmittedAt = at, SignedOffBy = $"approver@{domain}", SignedOffAt = at, SignOffComment = "Sign Off Complete",
            };
        })), ct);
        await BulkInsert.RowsAsync(db, riskList.SelectMany(x => Enumerable.Range(1, random.Next(1, 4)).Select(a => new RiskAction
        {
            RiskId = x.Risk.Id, Description = $"Action {a}: strengthen the controls of {x.Risk.Code}", Owner = x.Risk.Owner!.Name,
            TargetDate = lastReview.AddMonths(random.Next(1, 12)), Status = a == 1 ? RiskActionStatus.InProgress : RiskActionStatus.Open,
            PercentComplete = a == 1 ? random.Next(10, 90) : null,
        })), ct);
        await BulkInsert.RowsAsync(db, riskList.SelectMany(x => new[]
        {
            new RiskAssignment { RiskId = x.Risk.Id, PersonId = logins[Role.RiskOwner].Id, Role = RiskRole.Reviewer },
            new RiskAssignment { RiskId = x.Risk.Id, PersonId = logins[Role.Approver].Id, Role = RiskRole.Approver },
        }), ct);
        var targetable = list.Where(i => !i.InfoOnly).ToList();
        if (targetable.Count > 0)
            // Corporate risks are the first to be given an indicator as assurance.
            await BulkInsert.RowsAsync(db, riskList.OrderByDescending(x => x.Risk.Register == corporate).Take(o.Links).Select(x => new RiskAssurance
            {
                RiskId = x.Risk.Id, IndicatorId = targetable[random.Next(targetable.Count)].Id, Description = "Performance indicator reported monthly",
            }), ct);

        var committees = await CommitteesAsync(db, directorates, services, registers, people, random, ct);
        var (lineCount, forecastCount) = await BudgetAsync(db, org, committees, services, people, list, o.BudgetLines, o.Links, first, o.To, random, ct);
        var complaintCount = await ComplaintsAsync(db, org, services, people, o.ComplaintsPerYear, o.Years, first, o.To, random, ct);
        return new Counts(resultCount, periodTargets + annualTargets, reviewCount, lineCount, forecastCount, complaintCount);
    }

    /// <summary>A plausible level for an indicator: percentages in the 60s–90s, counts in the hundreds, days in single figures.</summary>
    private static decimal Level(Indicator i, Random random) => i.Unit switch
    {
        Unit.Percent => 60 + random.Next(0, 35),
        Unit.Days => 2 + random.Next(0, 20),
        Unit.Currency => 10_000 + random.Next(0, 90_000),
        Unit.Score => 50 + random.Next(0, 40),
        _ => 100 + random.Next(0, 900),
    };

    /// <summary>The indicator's periods from the first one ending on or after <paramref name="first"/>, to <paramref name="to"/>.</summary>
    private static IEnumerable<Period> PeriodsOf(Indicator i, Period first, Period to)
    {
        var p = first;
        while (!p.Ends(i.Frequency)) p = p.AddMonths(1);
        for (; p <= to; p = p.Next(i.Frequency)) yield return p;
    }

    private static IEnumerable<Result> Results(List<Indicator> indicators, Dictionary<int, decimal> levels, Period first, Period to, Random random, string domain)
    {
        var entered = to.EndDate.AddDays(10).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
        var (updater, approver) = ($"updater@{domain}", $"approver@{domain}");
        foreach (var i in indicators)
        {
            var level = levels[i.Id];
            var ratio = i.Unit == Unit.Percent && random.NextDouble() < 0.7;
            foreach (var p in PeriodsOf(i, first, to))
            {
                if (random.NextDouble() < 0.03) continue; // a gap: never reported
                var last = p.Next(i.Frequency) > to;
                if (last && random.NextDouble() < 0.1) continue; // not in yet
                var value = Math.Round(level * (decimal)(0.85 + random.NextDouble() * 0.3), 2);
                decimal? numerator = null, denominator = null;
                if (ratio)
                {
                    denominator = random.Next(50, 5000);
                    numerator = Math.Min(denominator.Value, Math.Round(Math.Min(value, 100m) / 100m * denominator.Value));
                    value = numerator.Value / denominator.Value * 100m;
                }
                var status = !last ? ApprovalStatus.Approved : random.NextDouble() switch { < 0.1 => ApprovalStatus.Submitted, < 0.15 => ApprovalStatus.Draft, _ => ApprovalStatus.Approved };
                yield return new Result
                {
                    IndicatorId = i.Id, Period = p, Value = value, Numerator = numerator, Denominator = denominator, Status = status,
                    UpdaterComment = random.NextDouble() < 0.05 ? Comments[random.Next(Comments.Length)] : null,
                    EnteredBy = updater, EnteredAt = entered,
                    SubmittedBy = status == ApprovalStatus.Draft ? null : updater, SubmittedAt = status == ApprovalStatus.Draft ? null : entered,
                    ApprovedBy = status == ApprovalStatus.Approved ? approver : null, ApprovedAt = status == ApprovalStatus.Approved ? entered : null,
                };
            }
        }
    }

    /// <summary>Targets of a period's own: cumulative indicators profiled through the year, and a few others.</summary>
    private static IEnumerable<Target> PeriodTargets(List<Indicator> indicators, Dictionary<int, decimal> levels, Period first, Period to)
    {
        foreach (var i in indicators.Where(i => !i.InfoOnly && (i.Cumulative || i.Id % 10 == 0)))
        {
            var level = levels[i.Id];
            foreach (var p in PeriodsOf(i, first, to))
                yield return new Target { IndicatorId = i.Id, Period = p, Value = i.Cumulative ? level * p.FinancialQuarter / 4m : level };
        }
    }

    /// <summary>An annual target for each financial year, for the rest.</summary>
    private static IEnumerable<AnnualTarget> AnnualTargets(List<Indicator> indicators, Dictionary<int, decimal> levels, Period first, Period to)
    {
        foreach (var i in indicators.Where(i => !i.InfoOnly && !i.Cumulative && i.Id % 10 != 0))
        {
            var level = levels[i.Id];
            for (var y = first.FinancialYear; y <= to.FinancialYear; y++) yield return new AnnualTarget { IndicatorId = i.Id, FinancialYear = y, Value = level };
        }
    }
}
