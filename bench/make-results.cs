// Writes a results file for the import benchmark, the same bytes every run: `dotnet run bench/make-results.cs --
// INDICATORS.csv ROWS LAST OUT.csv`. INDICATORS.csv is `steward export indicators`; rows go back month by month from
// LAST (YYYY-MM), each month a row for every indicator whose period ends in it (monthly every month, quarterly in Jun,
// Sep, Dec and Mar, annual in Mar), until ROWS rows. Percentages are half numerator / denominator; 2% carry a comment.
using System.Globalization;
using System.Text;

if (args.Length != 4 || !int.TryParse(args[1], out var rows) || !TryPeriod(args[2], out var last))
{
    Console.Error.WriteLine("usage: dotnet run bench/make-results.cs -- INDICATORS.csv ROWS LAST(YYYY-MM) OUT.csv");
    return 2;
}

var lines = File.ReadAllLines(args[0]);
var header = Fields(lines[0]);
int codeAt = header.IndexOf("code"), unitAt = header.IndexOf("unit"), frequencyAt = header.IndexOf("frequency");
var indicators = lines.Skip(1).Where(l => l.Length > 0).Select(Fields)
    .Select(f => (Code: f[codeAt], Percent: f[unitAt] == "percent", Months: f[frequencyAt] switch { "monthly" => 1, "quarterly" => 3, _ => 12 }))
    .ToList();
if (indicators.Count == 0) { Console.Error.WriteLine($"{args[0]}: no indicators"); return 1; }

using var output = new StreamWriter(args[3], false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
output.WriteLine("code,period,value,numerator,denominator,comment");
var written = 0;
var month = last;
while (written < rows)
{
    if (month.Year < 1950) { Console.Error.WriteLine("not enough periods after 1950: add indicators"); return 1; }
    var text = $"{month.Year:0000}-{month.Month:00}";
    for (var i = 0; i < indicators.Count && written < rows; i++)
    {
        var (code, percent, months) = indicators[i];
        if (!Ends(month.Month, months)) continue;
        var h = Hash(i, month.Year * 100 + month.Month);
        output.Write(code); output.Write(','); output.Write(text); output.Write(',');
        if (percent && h % 2 == 0)
        {
            var denominator = 50 + (int)(h / 2 % 4950);
            var numerator = (int)((long)denominator * (60 + (int)(h / 10_000 % 40)) / 100);
            output.Write(','); output.Write(numerator.ToString(CultureInfo.InvariantCulture));
            output.Write(','); output.Write(denominator.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            var value = percent ? (600 + (int)(h % 400)) / 10m : (100 + (int)(h % 90_000)) / 100m;
            output.Write(value.ToString(CultureInfo.InvariantCulture)); output.Write(",,");
        }
        output.Write(',');
        if (h % 50 == 7) output.Write("\"Figures checked by the service, revised after audit\"");
        output.WriteLine();
        written++;
    }
    month = month.Month == 1 ? (month.Year - 1, 12) : (month.Year, month.Month - 1);
}
return 0;

// A period of `months` ends in a month: every month, quarters in Jun/Sep/Dec/Mar, years in Mar.
static bool Ends(int month, int months) => months == 1 || (months == 3 ? month % 3 == 0 : month == 3);

static bool TryPeriod(string text, out (int Year, int Month) period)
{
    period = default;
    var parts = text.Split('-');
    if (parts.Length != 2 || !int.TryParse(parts[0], out var y) || !int.TryParse(parts[1], out var m) || m is < 1 or > 12) return false;
    period = (y, m);
    return true;
}

// splitmix64 of the indicator and period: the same numbers on every machine and .NET version.
static ulong Hash(int indicator, int period)
{
    var z = ((ulong)(uint)indicator << 32 | (uint)period) + 0x9E3779B97F4A7C15UL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

// One CSV line's fields (quotes doubled inside quoted fields; no line breaks in the indicators export's cells).
static List<string> Fields(string line)
{
    var fields = new List<string>();
    var field = new StringBuilder();
    var quoted = false;
    for (var i = 0; i < line.Length; i++)
    {
        var c = line[i];
        if (quoted)
        {
            if (c != '"') field.Append(c);
            else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else quoted = false;
        }
        else if (c == '"') quoted = true;
        else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
        else field.Append(c);
    }
    fields.Add(field.ToString());
    return fields;
}
