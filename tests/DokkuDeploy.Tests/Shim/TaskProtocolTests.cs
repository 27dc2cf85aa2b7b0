using DokkuDeploy.Tasks.Protocol;

namespace DokkuDeploy.Tests.Shim;

/// <summary>The records the CLI writes on stdout for the shim: one line each, whatever the text holds.</summary>
public sealed class TaskProtocolTests
{
    [TestCase("plain")]
    [TestCase("")]
    [TestCase("tab\there, line\nbreaks\r\nand a \\ backslash \\n that is not a break")]
    [TestCase("Grüße, 日本, \U0001F680")]
    [TestCase("ends with a backslash \\")]
    public void A_record_is_one_line_and_reads_back_unchanged(string text)
    {
        var line = TaskProtocol.Format(TaskProtocol.Error, "DOKKU4001", "/p/docs/errors/DOKKU4001.md", text);
        Assert.That(line, Does.Not.Contain("\n").And.Not.Contain("\r"));
        Assert.That(TaskProtocol.Parse(line), Is.EqualTo(new[] { TaskProtocol.Error, "DOKKU4001", "/p/docs/errors/DOKKU4001.md", text }));
    }

    [Test]
    public void Other_lines_are_not_records()
    {
        Assert.That(TaskProtocol.Parse("Welcome to .NET!"), Is.Null);
        Assert.That(TaskProtocol.Parse("@dokkuerror"), Is.Null);
    }
}
