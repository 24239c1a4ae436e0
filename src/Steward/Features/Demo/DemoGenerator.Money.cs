using Microsoft.EntityFrameworkCore;
using Steward.Data;
using Steward.Domain;
using Steward.Features.Committees;
using Steward.Features.Complaints;
using Steward.Features.Finance;
using Steward.Features.Indicators;
using Steward.Features.Organisations;
using Steward.Features.Risks;

namespace Steward.Features.Demo;

/// <summary>
/// The generated council's committees, budget monitoring (revenue and capital lines with a forecast every month, reserves,
/// the capital programme, savings, and indicators linked to lines) and its complaints log.
/// </summary>
public static partial class DemoGenerator
{
    private static readonly string[] CommitteeCodes = ["AHC", "CEC", "PEC", "RES", "COM"];
    private static readonly string[] BudgetItems =
    [
        "Staffing", "Commissioned services", "Transport", "Premises", "Supplies and services", "Contracts", "Grants to partners",
        "Fees and charges income", "Agency staff", "Equipment", "Placements", "Software licences",
    ];
    private static readonly string[] SchemeItems = ["Building works", "Vehicle replacement", "ICT infrastructure", "Road resurfacing", "Energy efficiency", "Equipment renewal"];
    private static readonly string[] PressureNotes =
    [
        "Demand above the level budgeted for; recovery plan agreed with the director.", "Delayed savings delivery; mitigations identified for the rest of the year.",
        "Higher contract inflation than assumed; reviewed with procurement.", "Income below forecast after the change in fees.",
    ];
    private static readonly string[] UnderspendNotes = ["Vacancies held pending the restructure.", "Grant received in year offsets spend.", "Contract let below the estimate."];
    private static readonly string[] ComplaintCategories = ["Missed collection", "Staff conduct", "Delay in service", "Quality of service", "Communication", "Policy or decision", "Charges"];
    private static readonly string[] Channels = ["Web form", "Email", "Telephone", "Letter", "In person"];

    /// <summary>A committee for each directorate, with its services and its directorate's register in its remit.</summary>
    private static async Task<List<Committee>> CommitteesAsync(StewardDb db, List<Directorate> directorates, List<Service> services,
        List<RiskRegister> registers, List<Person> people, Random random, CancellationToken ct)
    {
        var committees = new List<Committee>();
        foreach (var (directorate, n) in directorates.Select((d, n) => (d, n)))
        {
            var members = people.OrderBy(_ => random.Next()).Take(7).Select((p, i) => p.Name + (i switch { 0 => " (Chair)", 1 => " (Vice-chair)", _ => "" }));
            var (committee, errors) = await CommitteeStore.ApplyAsync(db, null, new CommitteeStore.Details($"{directorate.Name} Committee", CommitteeCodes[n % CommitteeCodes.Length],
                people[random.Next(people.Count)].Name, string.Join("; ", members),
                services.Where(s => s.Directorate == directorate).Select(s => s.Id).ToList(), [],
                registers.Where(r => r.Name == directorate.Name).Select(r => r.Id).ToList()), ct);
            committees.Add(committee ?? throw new InvalidOperationException("Generated committee does not save: " + string.Join("; ", errors.Values)));
        }
        await db.SaveChangesAsync(ct);
        return committees;
    }

    /// <summary>
    /// <paramref name="lineCount"/> budget lines spread over the services, each with its budget, forecast out-turn and actual to
    /// date for every month from <paramref name="first"/> to <paramref name="to"/>; overspends past the council's threshold carry
    /// finance's commentary, as the import requires. Then reserves, a capital programme, savings, and
    /// <paramref name="links"/> indicators linked to a line of their own service.
    /// </summary>
    private static async Task<(long Lines, long Forecasts)> BudgetAsync(StewardDb db, Organisation org, List<Committee> committees, List<Service> services,
        List<Person> people, List<Indicator> indicators, int lineCount, int links, Period first, Period to, Random random, CancellationToken ct)
    {
        if (lineCount == 0 || services.Count == 0) return (0, 0);
        var committeeOf = committees.SelectMany(c => c.Services.Select(s => (s.ServiceId, Committee: c))).ToDictionary(x => x.ServiceId, x => x.Committee);
        var lines = new List<(BudgetLine Line, decimal Size, decimal Drift)>(lineCount);
        var named = new Dictionary<(int, string), int>();
        for (var n = 0; n < lineCount; n++)
        {
            var service = services[n % services.Count];
            var kind = random.NextDouble() < 0.85 ? BudgetKind.Revenue : BudgetKind.Capital;
            var item = kind == BudgetKind.Capital ? SchemeItems[random.Next(SchemeItems.Length)] : BudgetItems[random.Next(BudgetItems.Length)];
            var seen = named.GetValueOrDefault((service.Id, item)) + 1;
            named[(service.Id, item)] = seen;
            var line = db.BudgetLines.Add(new BudgetLine
            {
                Committee = committeeOf[service.Id], Service = service, Kind = kind, Position = n / services.Count + 1,
                Name = seen == 1 ? item : $"{item} {seen}",
            }).Entity;
            // Most lines are tens of thousands to a few million; a few are the large care and contract budgets.
            var size = Thousands(Math.Pow(10, 4.5 + random.NextDouble() * 2.5) * (random.NextDouble() < 0.05 ? 10 : 1));
            lines.Add((line, size, (decimal)(random.NextDouble() * 0.12 - 0.05)));
        }
        await db.SaveChangesAsync(ct);

        var threshold = org.BudgetVarianceThreshold;
        IEnumerable<BudgetForecast> Forecasts()
        {
            foreach (var (line, size, drift) in lines)
                foreach (var p in Months(first, to))
                {
                    var yearsBack = to.FinancialYear - p.FinancialYear;
                    var budget = Math.Round(size * (1m - 0.02m * yearsBack) * (line.Kind == BudgetKind.Capital ? 0.8m + 0.4m * (p.FinancialYear % 3) / 2m : 1m), 2);
                    // The variance builds through the year as the pressure (or the underspend) becomes known.
                    var month = (p.Month - Period.FinancialYearStartMonth + 12) % 12 + 1; // P1 is April
                    var variance = Math.Round(budget * (drift + (decimal)(random.NextDouble() * 0.02 - 0.01)) * month / 12m, 2);
                    var note = variance > threshold ? PressureNotes[random.Next(PressureNotes.Length)]
                        : variance < -threshold && random.NextDouble() < 0.5 ? UnderspendNotes[random.Next(UnderspendNotes.Length)] : null;
                    yield return new BudgetForecast
                    {
                        LineId = line.Id, Period = p, Budget = budget, Forecast = budget + variance,
                        Actual = Math.Round(budget * month / 12m * (decimal)(0.9 + random.NextDouble() * 0.15), 2), Commentary = note,
                    };
                }
        }
        var forecasts = await BulkInsert.RowsAsync(db, Forecasts(), ct);

        var linkable = indicators.Where(i => !i.InfoOnly && i.ServiceId is not null).GroupBy(i => i.ServiceId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        await BulkInsert.RowsAsync(db, lines.Take(links).Where(x => linkable.ContainsKey(x.Line.ServiceId)).Select(x =>
        {
            var candidates = linkable[x.Line.ServiceId];
            return new IndicatorBudgetLink { IndicatorId = candidates[random.Next(candidates.Count)].Id, LineId = x.Line.Id };
        }).DistinctBy(l => (l.IndicatorId, l.LineId)), ct);

        // Reserves, the capital programme and savings: a handful per committee.
        var revenue = lines.Where(x => x.Line.Kind == BudgetKind.Revenue).ToList();
        foreach (var committee in committees)
        {
            for (var r = 1; r <= 3; r++) db.Reserves.Add(new Reserve { Committee = committee, Name = $"{committee.Name} earmarked reserve {r}", Position = r });
            for (var s = 1; s <= 6; s++)
            {
                var planned = Thousands(200_000 + random.NextDouble() * 3_000_000);
                var scheme = db.CapitalSchemes.Add(new CapitalScheme { Committee = committee, Name = $"{SchemeItems[(s - 1) % SchemeItems.Length]} programme", Position = s }).Entity;
                for (var y = first.FinancialYear; y <= to.FinancialYear + 2; y++)
                    scheme.Years.Add(new CapitalProfile
                    {
                        Year = y, Planned = planned,
                        Forecast = y <= to.FinancialYear ? Math.Round(planned * (decimal)(0.7 + random.NextDouble() * 0.4), 2) : null,
                        Actual = y < to.FinancialYear ? Math.Round(planned * (decimal)(0.7 + random.NextDouble() * 0.35), 2) : null,
                    });
            }
        }
        var owners = people.Take(10).ToList();
        var savings = new List<Saving>();
        foreach (var (line, size, _) in revenue.Where((_, i) => i % 10 == 0))
            for (var y = Math.Max(first.FinancialYear, to.FinancialYear - 1); y <= to.FinancialYear; y++)
                savings.Add(db.Savings.Add(new Saving
                {
                    Line = line, Year = y, Name = $"Efficiency review of {line.Name.ToLowerInvariant()}", Amount = Thousands((double)size * 0.05),
                    Owner = owners[random.Next(owners.Count)],
                }).Entity);
        await db.SaveChangesAsync(ct);
        var reserves = await db.Reserves.ToListAsync(ct);
        await BulkInsert.RowsAsync(db, reserves.SelectMany(reserve =>
        {
            var opening = Thousands(100_000 + random.NextDouble() * 2_000_000);
            return Months(first, to).Select(p => new ReserveForecast
            {
                ReserveId = reserve.Id, Period = p, Opening = opening, ForecastClosing = Thousands((double)opening * (0.6 + random.NextDouble() * 0.5)),
            });
        }).ToList(), ct);
        await BulkInsert.RowsAsync(db, savings.SelectMany(saving => Months(first, to).Where(p => p.FinancialYear == saving.Year).Select(p =>
        {
            var rag = random.NextDouble() switch { < 0.6 => Rag.Green, < 0.85 => Rag.Amber, _ => Rag.Red };
            return new SavingForecast
            {
                SavingId = saving.Id, Period = p, Rag = rag, Forecast = rag == Rag.Green ? saving.Amount : Math.Round(saving.Amount * (rag == Rag.Amber ? 0.75m : 0.4m), 2),
                Commentary = rag == Rag.Green ? null : "Slippage in the timetable; the shortfall is covered within the service.",
            };
        })).ToList(), ct);
        return (lines.Count, forecasts);
    }

    /// <summary>An amount in pounds rounded to the thousand, as budgets are set.</summary>
    private static decimal Thousands(double pounds) => Math.Round((decimal)pounds / 1000m) * 1000m;

    private static IEnumerable<Period> Months(Period first, Period to)
    {
        for (var p = first; p <= to; p = p.AddMonths(1)) yield return p;
    }

    /// <summary>
    /// A complaints log of <paramref name="perYear"/> stage 1 complaints a year from <paramref name="first"/> to
    /// <paramref name="to"/>: most answered in time, some after an extension, about one in eight escalated to stage 2 and a
    /// few of those to the Ombudsman, the last days' still open. Complainants' details are kept only for complaints answered
    /// within the council's retention period before <paramref name="to"/>'s end; older ones are anonymised, as the
    /// notices job would have done.
    /// </summary>
    private static async Task<long> ComplaintsAsync(StewardDb db, Organisation org, List<Service> services, List<Person> people, int perYear, int years,
        Period first, Period to, Random random, CancellationToken ct)
    {
        if (perYear == 0 || services.Count == 0) return 0;
        var (start, end) = (new DateOnly(first.Year, first.Month, 1), to.EndDate);
        var days = end.DayNumber - start.DayNumber + 1;
        var count = perYear * years;
        var received = Enumerable.Range(0, count).Select(_ => start.AddDays(random.Next(days))).Order().ToList();
        var policy = org.Complaints;
        static DateOnly Weekday(DateOnly d) => d.DayOfWeek switch { DayOfWeek.Saturday => d.AddDays(2), DayOfWeek.Sunday => d.AddDays(1), _ => d };
        DateOnly? Answer(DateOnly from, int inTime, double late) =>
            from.AddDays(random.NextDouble() < late ? inTime + random.Next(1, 20) : random.Next(2, inTime + 1)) is var d && d <= end ? Weekday(d) : null;
        ComplaintOutcome Outcome() => random.NextDouble() switch { < 0.3 => ComplaintOutcome.Upheld, < 0.55 => ComplaintOutcome.PartlyUpheld, _ => ComplaintOutcome.NotUpheld };

        var complaints = new List<Complaint>(count);
        foreach (var (date, n) in received.Select((d, n) => (Weekday(d) > end ? d : Weekday(d), n + 1)))
        {
            var reference = $"COMP-{date.Year}-{n:000000}";
            var complaint = new Complaint
            {
                Reference = reference, ReferenceKey = Complaint.Key(reference), ServiceId = services[random.Next(services.Count)].Id,
                Category = ComplaintCategories[random.Next(ComplaintCategories.Length)], Channel = Channels[random.Next(Channels.Length)],
            };
            var extension = random.NextDouble() < 0.05 ? random.Next(5, policy.MaxExtensionDays + 1) : 0;
            var stage1 = new ComplaintStageRecord
            {
                Stage = ComplaintStage.Stage1, Received = date, Acknowledged = date.AddDays(random.Next(0, 5)) is var a && a <= end ? Weekday(a) : null,
                ExtensionDays = extension, ExtensionReason = extension > 0 ? "Further enquiries with the contractor" : null,
            };
            stage1.Responded = Answer(date, 14 + extension * 7 / 5, 0.12);
            if (stage1.Responded is not null) stage1.Outcome = Outcome();
            complaint.Stages.Add(stage1);
            if (stage1.Responded is { } answered && random.NextDouble() < 0.12 && answered.AddDays(10) <= end)
            {
                var escalated = Weekday(answered.AddDays(random.Next(3, 15)));
                var stage2 = new ComplaintStageRecord { Stage = ComplaintStage.Stage2, Received = escalated, Acknowledged = Weekday(escalated.AddDays(random.Next(0, 5))) };
                stage2.Responded = Answer(escalated, 28, 0.15);
                if (stage2.Responded is not null) stage2.Outcome = Outcome();
                complaint.Stages.Add(stage2);
                if (stage2.Responded is { } final && random.NextDouble() < 0.15 && final.AddDays(60) <= end)
                    complaint.Stages.Add(new ComplaintStageRecord
                    {
                        Stage = ComplaintStage.Ombudsman, Received = final.AddDays(random.Next(20, 50)), Acknowledged = null,
                        Responded = final.AddDays(random.Next(60, 200)) is var o && o <= end ? o : null,
                    });
            }
            if (complaint.Stages.FirstOrDefault(s => s.Stage == ComplaintStage.Ombudsman) is { Responded: not null } ombudsman) ombudsman.Outcome = Outcome();
            if (complaint.Stages[^1].Stage == ComplaintStage.Stage1 && stage1.Outcome is ComplaintOutcome.Upheld or ComplaintOutcome.PartlyUpheld && random.NextDouble() < 0.4)
                complaint.Learning = "Procedure updated and the team briefed.";
            if (ComplaintRules.AnonymiseOn(policy, complaint.Stages.Select(s => s.Responded)) is { } anonymise && anonymise <= end)
                complaint.AnonymisedOn = anonymise;
            else
                (complaint.ComplainantName, complaint.ComplainantContact) = ($"{people[random.Next(people.Count)].Name.Split(' ')[0]} Resident {n}", $"resident{n}@example.org");
            complaints.Add(complaint);
        }
        await BulkInsert.RowsAsync(db, complaints, ct);
        var ids = await db.Complaints.Select(c => new { c.Id, c.ReferenceKey }).ToDictionaryAsync(c => c.ReferenceKey, c => c.Id, ct);
        await BulkInsert.RowsAsync(db, complaints.SelectMany(c => c.Stages.Select(s =>
        {
            s.ComplaintId = ids[c.ReferenceKey];
            return s;
        })), ct);
        return count;
    }
}
