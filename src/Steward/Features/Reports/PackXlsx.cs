using Steward.Common;

namespace Steward.Features.Reports;

/// <summary>
/// The pack as an Excel workbook: the cover report on the first sheet, then one sheet per table in the order the pack
/// gives them (a chart's table of figures included), numbers as numeric cells with the indicator's format. In the Part
/// II version, the sheets of exempt items say so in their name and first row.
/// </summary>
public static class PackXlsx
{
    /// <summary>The workbook's bytes.</summary>
    public static byte[] Render(PackDocument pack)
    {
        var sheets = new List<Sheet>
        {
            new("Cover", ["Item", "Detail"], pack.Cover.Select(c => (IReadOnlyList<SheetCell>)[c.Label, c.Value]).ToList()),
        };
        foreach (var section in pack.Sections)
            foreach (var (table, exempt) in Tables(section.Blocks, exempt: false))
                sheets.Add(new Sheet(exempt ? $"{table.Caption} (exempt)" : table.Caption, table.Columns.Select(c => c.Header).ToList(),
                    table.Rows.Select(r => (IReadOnlyList<SheetCell>)r.Select(c => new SheetCell(c.Text, c.Number, c.Format)).ToList()).ToList()));
        return Xlsx.Write($"{pack.Title}: {pack.Cover[0].Value}", sheets);
    }

    private static IEnumerable<(PackTable Table, bool Exempt)> Tables(IEnumerable<PackBlock> blocks, bool exempt) =>
        blocks.SelectMany(b => b switch
        {
            PackTable t => [(t, exempt)],
            PackChart c => [(c.Data, exempt)],
            PackExempt x => Tables(x.Blocks, exempt: true),
            _ => Enumerable.Empty<(PackTable, bool)>(),
        });
}
