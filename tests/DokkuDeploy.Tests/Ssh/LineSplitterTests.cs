using System.Text;
using DokkuDeploy.Core.Ssh;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Ssh;

public class LineSplitterTests
{
    private static List<string> Split(params byte[][] chunks)
    {
        var lines = new List<string>();
        var splitter = new LineSplitter(lines.Add);
        foreach (var chunk in chunks)
        {
            splitter.Write(chunk);
        }

        splitter.Complete();
        return lines;
    }

    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    [Test]
    public void Splits_on_newlines_and_keeps_empty_lines()
    {
        Assert.That(Split(B("a\n\nb\n")), Is.EqualTo(new[] { "a", "", "b" }));
    }

    [Test]
    public void Delivers_an_unterminated_last_line_at_the_end()
    {
        Assert.That(Split(B("a\nb")), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Strips_trailing_carriage_returns()
    {
        Assert.That(Split(B("a\r\nb\r\r\n")), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Keeps_what_a_terminal_shows_after_progress_redraws()
    {
        Assert.That(Split(B("Receiving: 10%\rReceiving: 50%\rReceiving: 100%, done.\r\nnext\n")),
            Is.EqualTo(new[] { "Receiving: 100%, done.", "next" }));
    }

    [Test]
    public void Joins_a_line_split_across_chunks_even_inside_a_multibyte_character()
    {
        var bytes = B("héllo wörld 漢字\nzwei\n");
        var chunks = bytes.Select(b => new[] { b }).ToArray();

        Assert.That(Split(chunks), Is.EqualTo(new[] { "héllo wörld 漢字", "zwei" }));
    }

    [Test]
    public void Delivers_lines_as_they_arrive()
    {
        var lines = new List<string>();
        var splitter = new LineSplitter(lines.Add);

        splitter.Write(B("one\ntw"));
        Assert.That(lines, Is.EqualTo(new[] { "one" }));
        splitter.Write(B("o\n"));
        Assert.That(lines, Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public void Replaces_invalid_utf8_instead_of_failing()
    {
        Assert.That(Split([0x61, 0xff, 0x62, 0x0a]), Is.EqualTo(new[] { "a\uFFFDb" }));
    }

    [Test]
    public void Cuts_a_line_without_end_so_memory_stays_bounded()
    {
        var lines = Split(B(new string('x', LineSplitter.MaxLineLength + 10)));

        Assert.That(lines.Select(l => l.Length), Is.EqualTo(new[] { LineSplitter.MaxLineLength, 10 }));
    }
}
