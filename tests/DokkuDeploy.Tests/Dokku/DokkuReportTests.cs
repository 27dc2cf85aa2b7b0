using DokkuDeploy.Core.Dokku;

namespace DokkuDeploy.Tests.Dokku;

/// <summary>
/// <c>dokku report</c> as Dokku 0.38 prints it (plugins/00_dokku-standard/subcommands/report): `-----> ` lines, each
/// command's output indented 7 spaces. Not a recorded transcript: shaped from that script and Docker 20.10's
/// `docker -D system info` of an arm64 host.
/// </summary>
public sealed class DokkuReportTests
{
    static readonly string[] Arm64Report =
    [
        "-----> uname: Linux cax11 6.1.0-18-arm64 #1 SMP Debian 6.1.76-1 (2024-02-01) aarch64 GNU/Linux",
        "-----> memory: ",
        "                      total        used        free      shared  buff/cache   available",
        "       Mem:            3794         612        1710           2        1722        3181",
        "-----> docker version: ",
        "       Client:",
        "        Version:           20.10.24+dfsg1",
        "        OS/Arch:           linux/arm64",
        "-----> docker daemon info: ",
        "       Client:",
        "        Context:    default",
        "        Debug Mode: true",
        "       ",
        "       Server:",
        "        Containers: 3",
        "        Server Version: 20.10.24+dfsg1",
        "        Kernel Version: 6.1.0-18-arm64",
        "        Operating System: Debian GNU/Linux 12 (bookworm)",
        "        OSType: linux",
        "        Architecture: aarch64",
        "        CPUs: 2",
        "-----> git version: git version 2.39.2",
        "-----> sigil version: 0.11.0",
        "-----> herokuish version: ",
        "       herokuish: 0.10.4",
        "-----> dokku version: dokku version 0.38.27",
    ];

    [Test]
    public void The_engines_architecture_names_the_platform() =>
        Assert.That(DokkuReport.Platform(Arm64Report)?.ToString(), Is.EqualTo("linux/arm64"));

    [Test]
    public void The_engines_architecture_wins_over_uname()
    {
        var report = Arm64Report.Select(l => l.Replace("Architecture: aarch64", "Architecture: x86_64")).ToList();
        Assert.That(DokkuReport.Platform(report)?.ToString(), Is.EqualTo("linux/amd64"));
    }

    [TestCase("-----> uname: Linux dokku 6.1.0-27-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01) x86_64 GNU/Linux", "linux/amd64")]
    [TestCase("-----> uname: Linux pi 6.6.31+rpt-rpi-v8 #1 SMP PREEMPT Debian 1:6.6.31-1+rpt1 (2024-05-29) aarch64 GNU/Linux", "linux/arm64")]
    [TestCase("-----> uname: Linux box 5.15.0-1051-oracle #57-Ubuntu SMP Wed Jan 24 18:34:07 UTC 2024 aarch64 aarch64 aarch64 GNU/Linux", "linux/arm64")]
    [TestCase("-----> uname: Linux pi 6.1.21-v7+ #1642 SMP Mon Apr  3 17:20:52 BST 2023 armv7l GNU/Linux", "linux/arm/v7")]
    public void Without_the_engines_part_uname_says_it(string uname, string expected) =>
        Assert.That(DokkuReport.Platform([uname, "-----> memory: "])?.ToString(), Is.EqualTo(expected));

    [Test]
    public void A_report_that_names_no_architecture_says_nothing() =>
        Assert.That(DokkuReport.Platform([" !     `report` is not a dokku command."]), Is.Null);

    [Test]
    public async Task The_client_reads_the_report_quietly_and_trusts_it_whatever_its_exit_code()
    {
        // Dokku's report ends with a herokuish container run: where that fails (pipefail), the exit code is 1.
        var shell = new FakeRemoteShell(Transcript.Of("report", 1, Arm64Report, [" !     Unable to find image 'gliderlabs/herokuish:latest-24'"]));
        var log = new RecordingLog();
        var client = new DokkuClient(shell, log, new DokkuRemote("dokku", "arm.example", 22, "app"));

        var platform = await client.ServerPlatformAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(platform?.ToString(), Is.EqualTo("linux/arm64"));
            Assert.That(shell.CommandLines, Is.EqualTo(new[] { "report" }));
            Assert.That(log.Steps, Is.Empty, "the report's lines are not the user's business");
            Assert.That(log.Details, Has.None.Contains("Architecture"));
        });
    }
}
