using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Operate;

/// <summary>Summarises <c>ps:report</c>, the deployed image (<c>git:report</c>), the release history and <c>urls</c>.</summary>
public sealed class AppStatus(IDeployLog log, ReleaseHistory history)
{
    public async Task<AppStatusReport> ReportAsync(DokkuClient dokku, DokkuRemote remote, CancellationToken cancellationToken)
    {
        var app = remote.App;
        if (!await dokku.AppExistsAsync(app, cancellationToken).ConfigureAwait(false))
        {
            throw DeployErrors.DokkuAppNotFound(app, remote.Server, remote.SshCommand);
        }

        var processes = await dokku.ProcessReportAsync(app, cancellationToken).ConfigureAwait(false);
        var image = await dokku.DeployedImageAsync(app, cancellationToken).ConfigureAwait(false);
        var releases = await history.ReadAsync(dokku, app, cancellationToken).ConfigureAwait(false);
        var urls = processes.Deployed ? await dokku.UrlsAsync(app, cancellationToken).ConfigureAwait(false) : [];
        var report = new AppStatusReport(app, processes, image, releases.Releases, urls);
        Print(report, remote);
        return report;
    }

    void Print(AppStatusReport report, DokkuRemote remote)
    {
        var processes = report.Processes.Processes == 1 ? "1 process" : $"{report.Processes.Processes} processes";
        log.Step($"App '{report.App}' on {remote.Server}: {report.State}" + (report.Processes.Deployed ? $" ({processes})" : ""));
        foreach (var (process, status) in report.Processes.Statuses)
        {
            log.Step($"  {process}: {status}");
        }

        if (report.Image is not null)
        {
            var released = report.CurrentRelease is { } current ? $" (released {Format(current.ReleasedAt)})" : " (not released by DokkuDeploy)";
            log.Step($"  Image: {report.Image}{released}");
        }

        var earlier = report.Releases.Where(r => r.Image != report.Image).ToList();
        if (earlier.Count > 0)
        {
            log.Step($"  Earlier releases (DokkuRollbackTo): {string.Join(", ", earlier.Select(r => $"{r.Tag} ({Format(r.ReleasedAt)})"))}");
        }

        foreach (var url in report.Urls)
        {
            log.Step($"App URL: {url}");
        }
    }

    static string Format(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
