using DokkuDeploy.Testing;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>The shared helpers themselves; no test bed needed.</summary>
[TestFixture]
public sealed class SharedHelperTests
{
    [Test]
    public void EnvFileParsingKeepsValuesVerbatim()
    {
        var values = TestBedEnvironment.Parse(["# comment", "", "A=1", "B=x=y z", "not a pair", "C="]);
        Assert.That(values, Is.EqualTo(new Dictionary<string, string> { ["A"] = "1", ["B"] = "x=y z", ["C"] = "" }));
    }

    [Test]
    public async Task ProcessRunnerPassesArgumentsWithoutAShell()
    {
        var result = await ProcessRunner.RunAsync("printf", ["%s|", "a b", "$HOME", "*"]);
        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.StandardOutput, Is.EqualTo("a b|$HOME|*|"));
    }

    [Test]
    public async Task ProcessRunnerFeedsStdinAndSetsEnvironment()
    {
        var result = await ProcessRunner.RunAsync("sh", ["-c", "cat; printf %s \"$X\"; echo err >&2; exit 3"], new ProcessRunOptions
        {
            StandardInput = "in\n"u8.ToArray(),
            Environment = new Dictionary<string, string?> { ["X"] = "env" },
        });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That(result.StandardOutput, Is.EqualTo("in\nenv"));
            Assert.That(result.StandardErrorLines, Is.EqualTo(new[] { "err" }));
        }
    }

    [Test]
    public void ProcessRunnerTimesOut()
    {
        Assert.That(async () => await ProcessRunner.RunAsync("sleep", ["10"], new ProcessRunOptions { Timeout = TimeSpan.FromMilliseconds(300) }),
            Throws.TypeOf<TimeoutException>());
    }

    [Test]
    public void BusyboxAppDockerfileIsThreeLinesByDefault()
    {
        var app = new BusyboxHttpdApp { BaseImage = "example/busybox:1" };
        Assert.That(app.Dockerfile.TrimEnd().Split('\n'), Is.EqualTo(new[]
        {
            "FROM example/busybox:1",
            "COPY index.html /www/index.html",
            "CMD [\"/bin/sh\",\"-c\",\"echo \\\"starting httpd on ${PORT:-5000} GREETING=$GREETING\\\"; exec /bin/httpd -f -v -p ${PORT:-5000} -h /www\"]",
        }));
    }
}
