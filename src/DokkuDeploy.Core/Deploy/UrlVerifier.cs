using System.Diagnostics;
using System.Net.Sockets;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>Checks that the deployed app answers HTTP, retrying while it warms up.</summary>
public sealed class UrlVerifier(IDeployLog log, TimeSpan timeout, string app, string sshCommand)
{
    public async Task VerifyAsync(UrlCheckTarget target, CancellationToken cancellationToken)
    {
        if (target.IsFallback)
        {
            log.Step($"Checking {target.Describe()}");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        string last = "no answer";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, target.Url);
                if (target.HostHeader is not null)
                {
                    // Dokku's proxy picks the app by Host: without it, another app could answer for this one.
                    request.Headers.Host = target.HostHeader;
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var answer = HttpAnswer.From(response);
                if (answer.IsSuccess)
                {
                    log.Step($"Verified: {target.Reported} answered {answer} after {clock.Elapsed.TotalSeconds:0.0} s" +
                             (target.IsFallback ? $" (asked {target.Url} with Host: {target.HostHeader})" : ""));
                    return;
                }

                if (target.IsFallback && answer.IsFromAnotherService)
                {
                    // The guessed address has something else on that port: waiting cannot make the app answer there.
                    throw DeployErrors.VerifyAnsweredByAnotherService(target.Describe(), answer.ToString(), target.Reported.Host, app, sshCommand);
                }

                last = answer.ToString();
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException
                                          || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = e.InnerException?.Message ?? e.Message;
            }

            if (clock.Elapsed >= timeout)
            {
                throw DeployErrors.VerifyFailed(target.Describe(), last, (int)timeout.TotalSeconds, app, sshCommand);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }
}
