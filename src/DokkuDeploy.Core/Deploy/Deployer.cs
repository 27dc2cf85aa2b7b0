using System.Diagnostics;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Git;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// One deploy, start to end: check the inputs and both ends (Docker, the Dokku server) before any
/// long work, build the image, then hand it to Dokku. Nothing changes on the server until the image
/// is built, so a bad input or a failed build leaves the running app as it was.
/// </summary>
public sealed class Deployer(IDeployLog log, Func<string, string?> environment)
{
    public async Task<DeployReport> DeployAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var git = GitRepositoryInfo.Read(request.ProjectDirectory, log);
        var (remote, remoteSource) = RemoteResolver.Resolve(request.Remote, request.App, git, environment);
        var config = ValidateConfig(request.Config);
        var verifyTarget = ParseVerifyUrl(request.VerifyUrl);
        var imageReference = ImageReference.For(remote.App, request.ImageName, request.ImageTag, git);
        var context = new ContextPlan(request, git, log);
        context.CheckInputs();

        log.Step($"Deploying to {remote.Server}{PortSuffix(remote)} app '{remote.App}' (from {remoteSource})");

        using var docker = await DockerEngine.ConnectAsync(DockerEndpoint.Resolve(environment), log, cancellationToken).ConfigureAwait(false);
        await using var shell = await SshConnector.ConnectAsync(remote, request, environment, log, cancellationToken).ConfigureAwait(false);
        var dokku = new DokkuClient(shell, log, remote);

        var appExists = await dokku.AppExistsAsync(remote.App, cancellationToken).ConfigureAwait(false);
        if (!appExists && !request.CreateApp)
        {
            throw DeployErrors.DokkuAppNotFound(remote.App, remote.Server, remote.SshCommand);
        }

        var image = await BuildAsync(docker, context, imageReference, cancellationToken).ConfigureAwait(false);

        if (!appExists)
        {
            log.Step($"Creating app '{remote.App}'");
            await dokku.CreateAppAsync(remote.App, cancellationToken).ConfigureAwait(false);
        }

        var changedConfig = await SetConfigAsync(dokku, remote.App, appExists, config, cancellationToken).ConfigureAwait(false);

        var history = DeployHistory.ForUser(environment);
        var previous = history.Find(remote.ToString());
        SendResult sent;
        if (await IsDeployedAlreadyAsync(dokku, remote.App, imageReference, image, git, previous, cancellationToken).ConfigureAwait(false))
        {
            sent = new SendResult(DeployResult.NoChanges(), 0, previous!.Layers);
        }
        else
        {
            var sender = new ImageSender(docker, dokku, log);
            sent = await sender.SendAsync(
                remote.App, imageReference, image, previous?.Layers ?? [], () => history.Forget(remote.ToString()), cancellationToken).ConfigureAwait(false);
        }

        var result = sent.Result;

        var alreadyDeployed = result.Outcome == DeployOutcome.NoChanges;
        var urls = result.Urls;
        if (alreadyDeployed)
        {
            log.Step($"'{remote.App}' already runs this image ({ShortId(image.Id)}): nothing to release.");
            if (urls.Count == 0 && previous is not null && previous.ImageId == image.Id)
            {
                urls = previous.Urls;
            }

            if (changedConfig.Count > 0)
            {
                log.Step($"Restarting '{remote.App}' so that the changed config takes effect");
                await dokku.RestartAsync(remote.App, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            log.Step($"Deployed '{remote.App}' in {clock.Elapsed.TotalSeconds:0.0} s ({Bytes.Format(sent.BytesSent)} sent)");
        }

        history.Save(remote.ToString(), new DeployRecord(image.Id, imageReference, sent.Layers, urls, DateTimeOffset.UtcNow));
        foreach (var url in urls)
        {
            log.Step($"App URL: {url}");
        }

        if (verifyTarget is not null)
        {
            await VerifyAsync(verifyTarget, urls, remote, cancellationToken).ConfigureAwait(false);
        }

        return new DeployReport(remote.App, remote.ToString(), imageReference, image.Id, alreadyDeployed, urls);
    }

    /// <summary>
    /// A clean commit builds the same image every time, so when our last deploy of this image is also
    /// what the server says it runs, there is nothing to send: not even the manifest, and no release.
    /// A tree with local changes always goes through Dokku, which compares the image itself.
    /// </summary>
    static async Task<bool> IsDeployedAlreadyAsync(
        DokkuClient dokku, string app, string imageReference, ImageInfo image, GitRepositoryInfo git, DeployRecord? previous, CancellationToken cancellationToken)
    {
        if (previous is null || previous.ImageId != image.Id || previous.ImageReference != imageReference || git.CommitSha is null || git.IsDirty)
        {
            return false;
        }

        return await dokku.GitSourceImageAsync(app, cancellationToken).ConfigureAwait(false) == imageReference;
    }

    /// <summary>
    /// Sets, without a restart, only the config values that differ from the server's, so that an
    /// unchanged config costs no release. Returns the keys that changed.
    /// </summary>
    async Task<IReadOnlyCollection<string>> SetConfigAsync(
        DokkuClient dokku, string app, bool appExists, IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        if (config.Count == 0)
        {
            return [];
        }

        var current = appExists
            ? await dokku.ConfigExportAsync(app, cancellationToken).ConfigureAwait(false)
            : new Dictionary<string, string>();
        var changed = config
            .Where(pair => !current.TryGetValue(pair.Key, out var value) || value != pair.Value)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        if (changed.Count == 0)
        {
            log.Step($"Config unchanged: {string.Join(", ", config.Keys.Order(StringComparer.Ordinal))}");
            return [];
        }

        log.Step($"Setting config: {string.Join(", ", changed.Keys.Order(StringComparer.Ordinal))}");
        await dokku.SetConfigAsync(app, changed, restart: false, cancellationToken).ConfigureAwait(false);
        return changed.Keys;
    }

    async Task<ImageInfo> BuildAsync(DockerEngine docker, ContextPlan context, string imageReference, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        log.Step($"Building image {imageReference} from {context.DockerfileDescription}");
        var summary = default(ContextSummary);
        var writer = new BuildContextWriter();
        var image = await docker.BuildImageAsync(
            async (output, ct) => summary = await writer.WriteAsync(context.Files(), output, ct).ConfigureAwait(false),
            context.DockerfilePathInContext,
            imageReference,
            cancellationToken).ConfigureAwait(false);
        log.Step($"Built {ShortId(image.Id)} in {clock.Elapsed.TotalSeconds:0.0} s (context: {summary?.FileCount ?? 0} files, {Bytes.Format(summary?.TotalBytes ?? 0)})");
        return image;
    }

    async Task VerifyAsync(string target, IReadOnlyList<string> urls, DokkuRemote remote, CancellationToken cancellationToken)
    {
        Uri url;
        string? hostHeader = null;
        if (AbsoluteHttpUrl(target) is { } absolute)
        {
            url = absolute;
        }
        else if (urls.Count == 0)
        {
            log.Warning("DOKKU6003", "Dokku reported no URL for the app, so DokkuVerifyUrl had nothing to check. Give it an absolute URL.");
            return;
        }
        else
        {
            var reported = new Uri(urls[0]);
            var reachable = await UrlVerifier.ReachableAsync(reported, remote.Host, cancellationToken).ConfigureAwait(false);
            url = target == "/" ? reachable : new Uri(reachable, target);
            hostHeader = reachable.Host == reported.Host ? null : reported.Authority;
        }

        await new UrlVerifier(log, TimeSpan.FromSeconds(30), remote.App, remote.SshCommand).VerifyAsync(url, hostHeader, cancellationToken).ConfigureAwait(false);
    }

    static IReadOnlyDictionary<string, string> ValidateConfig(IReadOnlyDictionary<string, string> config)
    {
        foreach (var key in config.Keys)
        {
            ConfigKey.Validate(key);
        }

        return config;
    }

    /// <summary>null: no check; "/" or "/path": the URL Dokku reports (plus path); else an absolute URL.</summary>
    static string? ParseVerifyUrl(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return "/";
        }

        if (text.StartsWith('/') || AbsoluteHttpUrl(text) is not null)
        {
            return text;
        }

        throw DeployErrors.VerifyUrlInvalid(text);
    }

    /// <summary>Only http(s): on Unix "/health" parses as an absolute file:// URI.</summary>
    static Uri? AbsoluteHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;

    static string PortSuffix(DokkuRemote remote) => remote.Port == DokkuRemote.DefaultPort ? "" : $":{remote.Port}";

    static string ShortId(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..Math.Min(id.Length, 19)] : id;
}
