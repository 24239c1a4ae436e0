using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Steward.Common;
using Steward.Domain;
using Steward.Features.Indicators;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Steward.Features.Reports;

/// <summary>
/// A trend chart as a native Word chart (DrawingML line chart in its own chart part): the result as a solid line with
/// each point coloured by its RAG, the target as a dashed line, periods along the bottom, the value axis on the same
/// scale as the web and PDF charts (<see cref="TrendChart.Scale"/>) in the indicator's number format. Its figures are
/// written into the chart itself (no embedded workbook), so Word, LibreOffice and a screen reader's object view read
/// them; the drawing carries the chart's description as its alternative text, and the pack puts the same figures in a
/// table below it.
/// </summary>
public static class PackWordChart
{
    /// <summary>Width and height of the chart on the page, in EMUs (360,000 a centimetre): 16 cm × 7.5 cm.</summary>
    private const long Width = 5_760_000L, Height = 2_700_000L;

    private const string ResultColour = "16548A", TargetColour = "0B0C0C";

    /// <summary>A paragraph holding the chart, added to <paramref name="main"/> as a chart part; <paramref name="id"/> is unique among the document's drawings.</summary>
    public static W.Paragraph Paragraph(MainDocumentPart main, PackChart chart, uint id)
    {
        var part = main.AddNewPart<ChartPart>();
        part.ChartSpace = Space(chart);
        part.ChartSpace.Save();
        var inline = new DW.Inline(
            new DW.Extent { Cx = Width, Cy = Height },
            new DW.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new DW.DocProperties { Id = id, Name = $"Chart {id}", Title = chart.Title, Description = chart.Description },
            new DW.NonVisualGraphicFrameDrawingProperties(),
            new A.Graphic(new A.GraphicData(new C.ChartReference { Id = main.GetIdOfPart(part) }) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))
        {
            DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U,
        };
        return new W.Paragraph(new W.ParagraphProperties(new W.KeepNext()), new W.Run(new W.Drawing(inline)));
    }

    private static C.ChartSpace Space(PackChart chart)
    {
        var labels = chart.Points.Select(p => Show.Period(p.Period, chart.Frequency)).ToList();
        var format = Show.SpreadsheetFormat(chart.Decimals, chart.Unit);
        var values = chart.Points.SelectMany(p => new[] { p.Value, p.Target }).OfType<decimal>().ToList();
        var (lo, hi, step) = values.Count > 0 ? TrendChart.Scale(values.Min(), values.Max()) : (0m, 1m, 1m);

        var result = Series(0, "Result", labels, chart.Points.Select(p => p.Value).ToList(), format, ResultColour, dashed: false);
        // Each result's point in its RAG colour; results without a rating are white.
        OpenXmlElement last = result.GetFirstChild<C.Marker>()!;
        for (var i = 0; i < chart.Points.Count; i++)
            if (chart.Points[i].Value is not null)
                last = last.InsertAfterSelf(new C.DataPoint(new C.Index { Val = (uint)i },
                    Marker(chart.Points[i].Rag == Rag.None ? "FFFFFF" : PackCell.RagColour(chart.Points[i].Rag).TrimStart('#')), new C.Bubble3D { Val = false }));
        var target = Series(1, "Target", labels, chart.Points.Select(p => p.Target).ToList(), format, TargetColour, dashed: true);

        var line = new C.LineChart(new C.Grouping { Val = C.GroupingValues.Standard }, new C.VaryColors { Val = false }, result, target,
            new C.ShowMarker { Val = true }, new C.AxisId { Val = 1 }, new C.AxisId { Val = 2 });
        var categories = new C.CategoryAxis(new C.AxisId { Val = 1 }, new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }),
            new C.Delete { Val = false }, new C.AxisPosition { Val = C.AxisPositionValues.Bottom },
            new C.NumberingFormat { FormatCode = "General", SourceLinked = false }, new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None }, new C.TickLabelPosition { Val = C.TickLabelPositionValues.Low },
            new C.CrossingAxis { Val = 2 }, new C.Crosses { Val = C.CrossesValues.AutoZero }, new C.AutoLabeled { Val = true },
            new C.LabelAlignment { Val = C.LabelAlignmentValues.Center }, new C.LabelOffset { Val = 100 }, new C.NoMultiLevelLabels { Val = false });
        var valuesAxis = new C.ValueAxis(new C.AxisId { Val = 2 },
            new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }, new C.MaxAxisValue { Val = (double)hi }, new C.MinAxisValue { Val = (double)lo }),
            new C.Delete { Val = false }, new C.AxisPosition { Val = C.AxisPositionValues.Left },
            new C.MajorGridlines(new C.ChartShapeProperties(new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "B1B4B6" })) { Width = 6350 })),
            new C.NumberingFormat { FormatCode = format, SourceLinked = false }, new C.MajorTickMark { Val = C.TickMarkValues.None },
            new C.MinorTickMark { Val = C.TickMarkValues.None }, new C.TickLabelPosition { Val = C.TickLabelPositionValues.NextTo },
            new C.CrossingAxis { Val = 1 }, new C.Crosses { Val = C.CrossesValues.AutoZero }, new C.CrossBetween { Val = C.CrossBetweenValues.Between },
            new C.MajorUnit { Val = (double)step });
        return new C.ChartSpace(
            new C.EditingLanguage { Val = "en-GB" }, new C.RoundedCorners { Val = false },
            new C.Chart(new C.AutoTitleDeleted { Val = true }, new C.PlotArea(new C.Layout(), line, categories, valuesAxis),
                new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Bottom }, new C.Overlay { Val = false }),
                new C.PlotVisibleOnly { Val = true }, new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap }),
            new C.TextProperties(new A.BodyProperties(), new A.ListStyle(),
                new A.Paragraph(new A.ParagraphProperties(new A.DefaultRunProperties(new A.LatinFont { Typeface = "Arial" }) { FontSize = 900 }), new A.EndParagraphRunProperties { Language = "en-GB" })));
    }

    /// <summary>A line series of the chart: its name, the period labels and its values (a missing value leaves a gap).</summary>
    private static C.LineChartSeries Series(uint index, string name, List<string> labels, List<decimal?> values, string format, string colour, bool dashed)
    {
        var outline = new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = colour })) { Width = dashed ? 15875 : 28575, CapType = A.LineCapValues.Round };
        if (dashed) outline.Append(new A.PresetDash { Val = A.PresetLineDashValues.Dash });
        var categories = new C.StringLiteral(new C.PointCount { Val = (uint)labels.Count });
        for (var i = 0; i < labels.Count; i++) categories.Append(new C.StringPoint(new C.NumericValue(labels[i])) { Index = (uint)i });
        var numbers = new C.NumberLiteral(new C.FormatCode(format), new C.PointCount { Val = (uint)values.Count });
        for (var i = 0; i < values.Count; i++)
            if (values[i] is { } v)
                numbers.Append(new C.NumericPoint(new C.NumericValue(v.ToString(System.Globalization.CultureInfo.InvariantCulture))) { Index = (uint)i });
        return new C.LineChartSeries(
            new C.Index { Val = index }, new C.Order { Val = index },
            new C.SeriesText(new C.NumericValue(name)),
            new C.ChartShapeProperties(outline),
            dashed ? new C.Marker(new C.Symbol { Val = C.MarkerStyleValues.None }) : Marker("FFFFFF"),
            new C.CategoryAxisData(categories), new C.Values(numbers), new C.Smooth { Val = false });
    }

    /// <summary>A round marker filled with <paramref name="fill"/> (RRGGBB), outlined in black.</summary>
    private static C.Marker Marker(string fill) => new(
        new C.Symbol { Val = C.MarkerStyleValues.Circle }, new C.Size { Val = 6 },
        new C.ChartShapeProperties(new A.SolidFill(new A.RgbColorModelHex { Val = fill }),
            new A.Outline(new A.SolidFill(new A.RgbColorModelHex { Val = "0B0C0C" })) { Width = 6350 }));
}
