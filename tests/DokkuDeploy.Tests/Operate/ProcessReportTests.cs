using DokkuDeploy.Core.Operate;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Operate;

public sealed class ProcessReportTests
{
    [Test]
    public void Reads_the_recorded_report_of_a_running_app()
    {
        var report = ProcessReport.Parse(Transcript.Load("ps-report.txt").StandardOutputLines);

        Assert.That(report.Deployed, Is.True);
        Assert.That(report.Running, Is.True);
        Assert.That(report.Processes, Is.EqualTo(1));
        Assert.That(report.Statuses, Is.EqualTo(new[] { ("web.1", "running (CID: 8649144129b)") }));
    }

    [Test]
    public void An_app_never_deployed_has_no_processes()
    {
        var report = ProcessReport.Parse([
            "=====> fresh ps information",
            "       Deployed:                         false",
            "       Processes:                        0",
            "       Running:                          false",
        ]);

        Assert.That((report.Deployed, report.Running, report.Processes, report.Statuses.Count), Is.EqualTo((false, false, 0, 0)));
    }

    [Test]
    public void Several_processes_and_a_mixed_state()
    {
        var report = ProcessReport.Parse([
            "       Deployed:                         true",
            "       Processes:                        3",
            "       Running:                          mixed",
            "       Status web 1:                     running (CID: aaa)",
            "       Status web 2:                     exited (CID: bbb)",
            "       Status worker 1:                  running (CID: ccc)",
        ]);

        Assert.That(report.Running, Is.False);
        Assert.That(report.Statuses.Select(s => s.Process), Is.EqualTo(new[] { "web.1", "web.2", "worker.1" }));
    }
}
