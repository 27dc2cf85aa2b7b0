using System.Diagnostics;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Git;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Registry;
using DokkuDeploy.Core.Ssh;
using DokkuDeploy.Core.Timing;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// One deploy, start to end: check the inputs and every end (Docker, each Dokku server) before any
/// long work, build the image once, then release it on every server in parallel. Nothing changes on
/// a server until the image is built, so a bad input or a failed build leaves the running apps as they were.
/// </summary>
public sealed class Deployer(IDeployLog log, Func<string, string?> environment)
{
    public async Task<DeployReport> DeployAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        using var timeline = request.Timings ? DeployTimeline.Start(request.CheckOnly ? "check" : "deploy") : null;
        try
        {
            return await RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Also after a failure: where the time went is what a slow failed deploy leaves to read.
            timeline?.Print(log);
        }
    }

    async Task<DeployReport> RunAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        var git = GitRepositoryInfo.Read(request.ProjectDirectory, log);
        var remotes = RemoteResolver.ResolveAll(request.Remote, request.Remotes, request.App, git, environment);
        var config = ValidateConfig(request.Config);
        var check = AppCheck.Parse(request.VerifyUrl);
        CheckMethodSettings(request);
        var platformSetting = TargetPlatform.ParseSetting(request.Platform);
        var imageReference = ImageReference.For(remotes[0].Remote.App, request.ImageName, request.ImageTag, git);
        // One name in the registry for every server: the first app's (a bad DokkuRegistry fails here, before any build).
        var registryImage = request.Method == DeployMethod.Registry
            ? RegistryImage.For(request.Registry!, request.ImageName, remotes[0].Remote.App, imageReference)
            : null;
        var context = new ContextPlan(request, git, log);
        if (request.Method != DeployMethod.Git && !request.CheckOnly)
        {
            // Before the publish there is nothing to check yet: the published files and the Dockerfile come later.
            context.CheckInputs();
        }

        if (request.DryRun)
        {
            new DryRunPlan(request, remotes.Select(r => r.Remote).ToList(), context, imageReference, registryImage, git, check, log).Print();
            return new DeployReport(remotes[0].Remote.App, remotes[0].Remote.ToString(), imageReference, "", AlreadyDeployed: false, []);
        }

        foreach (var (remote, source) in remotes)
        {
            log.Step($"{(request.CheckOnly ? "Checking" : "Deploying to")} {remote.Server}{PortSuffix(remote)} app '{remote.App}' (from {source}, {MethodName(request.Method)})");
        }

        // A git deploy pushes a commit: which one (and whether the tree is clean) is settled before any server changes.
        var commitToPush = request.Method == DeployMethod.Git ? GitCommitCheck.HeadToDeploy(request.ProjectDirectory, request.AllowDirty, log) : null;
        using var docker = request.Method == DeployMethod.Git
            ? null
            : await DockerEngine.ConnectAsync(DockerEndpoint.Resolve(environment), log, cancellationToken).ConfigureAwait(false);
        var registry = docker is not null && registryImage is not null ? new RegistryPublisher(docker, new RegistryCredentials(environment), log) : null;
        if (registry is not null)
        {
            // A half-set login or a broken credential helper fails in a second, not after the build; the push reuses the answer.
            await registry.FindCredentialsAsync(registryImage!, cancellationToken).ConfigureAwait(false);
        }

        // A git deploy builds on the server, for the server: only an image built here needs the server's platform.
        // Asked even with DokkuPlatform set (once per server, then remembered): a setting the server contradicts is refused.
        var learnPlatform = docker is not null;
        var sessions = await OpenAllAsync(remotes.Select(r => r.Remote).ToList(), request, learnPlatform, cancellationToken).ConfigureAwait(false);
        try
        {
            var target = docker is null ? null : TargetPlatform.Choose(platformSetting, sessions.Select(s => (s.Remote, s.Platform)).ToList(), log);
            target?.CheckPublishedFor(request.Shape);
            if (request.CheckOnly)
            {
                log.Step($"Checked {(docker is null ? "" : "the Docker engine, ")}{(remotes.Count > 1 ? $"{remotes.Count} servers" : "the server")}, host key, login and app: publishing next");
                return new DeployReport(remotes[0].Remote.App, remotes[0].Remote.ToString(), imageReference, "", AlreadyDeployed: false, []);
            }

            var built = docker is null ? null : new BuiltImage(docker, await BuildAsync(docker, context, imageReference, target, cancellationToken).ConfigureAwait(false), imageReference);
            // Before anything changes on any server, and before the push: an image of another platform would only fail there.
            target?.CheckImage(imageReference, built!.Info, ownDockerfile: request.Dockerfile is not null);
            if (registry is not null)
            {
                // Pushed before any server changes, so a failed push leaves every server as it was.
                await registry.PublishAsync(built!.Reference, registryImage!, cancellationToken).ConfigureAwait(false);
            }

            var releases = sessions
                .Select(session => RunReleaseAsync(new AppRelease(session, request, config, check, environment, registry, registryImage, context.IsWorker), built, commitToPush, git, cancellationToken))
                .ToList();
            var outcomes = await Task.WhenAll(releases).ConfigureAwait(false);
            return Summarise(outcomes);
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Every server is reached and checked before the build: a wrong host or key fails in seconds, with nothing changed anywhere.</summary>
    async Task<IReadOnlyList<RemoteSession>> OpenAllAsync(IReadOnlyList<DokkuRemote> remotes, DeployRequest request, bool learnPlatform, CancellationToken cancellationToken)
    {
        var several = remotes.Count > 1;
        var features = new DokkuServerFeatures();
        var opening = remotes
            .Select(remote => RemoteSession.OpenAsync(remote, request, environment, several ? new PrefixedDeployLog(log, Label(remote)) : log, features, learnPlatform, cancellationToken))
            .ToList();
        try
        {
            return await Task.WhenAll(opening).ConfigureAwait(false);
        }
        catch
        {
            foreach (var task in opening.Where(t => t.IsCompletedSuccessfully))
            {
                await task.Result.DisposeAsync().ConfigureAwait(false);
            }

            var failures = opening.Where(t => t.IsFaulted).Select(t => t.Exception!.GetBaseException()).ToList();
            if (failures.Count > 1 && failures.All(f => f is DeployException))
            {
                throw DeployErrors.SeveralServersFailed(
                    remotes.Zip(opening).Where(p => p.Second.IsFaulted)
                        .Select(p => DeployErrors.ServerFailure(Label(p.First), (DeployException)p.Second.Exception!.GetBaseException())).ToList(),
                    remotes.Count,
                    beforeBuild: true);
            }

            throw;
        }
    }

    static async Task<(DokkuRemote Remote, DeployReport? Report, Exception? Failure)> RunReleaseAsync(
        AppRelease release, BuiltImage? built, string? commitToPush, GitRepositoryInfo git, CancellationToken cancellationToken)
    {
        try
        {
            return (release.Remote, await release.RunAsync(built, commitToPush, git, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is DeployException && !cancellationToken.IsCancellationRequested)
        {
            return (release.Remote, null, e);
        }
    }

    /// <summary>Every server reports on its own; the deploy fails when any of them failed, after the others finished.</summary>
    DeployReport Summarise(IReadOnlyList<(DokkuRemote Remote, DeployReport? Report, Exception? Failure)> outcomes)
    {
        var failed = outcomes.Where(o => o.Failure is not null).ToList();
        if (outcomes.Count > 1)
        {
            foreach (var (remote, report, failure) in outcomes)
            {
                log.Step(failure is null
                    ? $"{Label(remote)}: {(report!.AlreadyDeployed ? "already up to date" : "deployed")}{(report.Url is { } url ? " at " + url : "")}"
                    : $"{Label(remote)}: FAILED ({(failure as DeployException)?.Code})");
            }
        }

        if (failed.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed[0].Failure!);
        }

        if (failed.Count > 1)
        {
            throw DeployErrors.SeveralServersFailed(
                failed.Select(f => DeployErrors.ServerFailure(Label(f.Remote), (DeployException)f.Failure!)).ToList(), outcomes.Count, beforeBuild: false);
        }

        return outcomes[0].Report!;
    }

    async Task<ImageInfo> BuildAsync(DockerEngine docker, ContextPlan context, string imageReference, TargetPlatform? target, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var builder = docker.ChooseBuilder(environment("DOCKER_BUILDKIT"));
        // The engine's own platform needs no platform parameter (older engines and Podman take none); another one is said.
        var platform = target is not null && docker.NativePlatform is { } native && native.Runs(target.Platform) && target.Platform.Runs(native) ? null : target?.Platform;
        log.Step($"Building image {imageReference} from {context.DockerfileDescription} with {(builder.BuildKit ? "BuildKit" : "the legacy builder")}" +
                 (platform is null ? "" : $" for {platform} ({target!.Source} {platform}; this engine runs {docker.NativePlatform?.ToString() ?? "another platform"})"));
        var summary = default(ContextSummary);
        var writer = new BuildContextWriter();
        ImageInfo image;
        try
        {
            image = await docker.BuildImageAsync(
                async (output, ct) => summary = await writer.WriteAsync(context.Files(), output, ct).ConfigureAwait(false),
                context.DockerfilePathInContext,
                imageReference,
                builder,
                platform,
                cancellationToken).ConfigureAwait(false);
        }
        catch (DeployException missing) when (missing.Code == DeployErrors.DockerBaseImageMissingCode)
        {
            throw context.Explain(missing);
        }

        log.Step($"Built {AppRelease.ShortId(image.Id)} in {clock.Elapsed.TotalSeconds:0.0} s (context: {summary?.FileCount ?? 0} files, {Bytes.Format(summary?.TotalBytes ?? 0)})");
        return image;
    }

    static void CheckMethodSettings(DeployRequest request)
    {
        if (request.Method == DeployMethod.Registry && Setting.OrNull(request.Registry) is null)
        {
            throw DeployErrors.RegistryNotSet();
        }
    }

    static IReadOnlyDictionary<string, string> ValidateConfig(IReadOnlyDictionary<string, string> config)
    {
        foreach (var key in config.Keys)
        {
            ConfigKey.Validate(key);
        }

        return config;
    }

    internal static string MethodName(DeployMethod method) => method switch
    {
        DeployMethod.Registry => "through the registry",
        DeployMethod.Git => "by git push",
        _ => "image over SSH",
    };

    static string Label(DokkuRemote remote) => $"{remote.Host}{PortSuffix(remote)}/{remote.App}";

    static string PortSuffix(DokkuRemote remote) => remote.Port == DokkuRemote.DefaultPort ? "" : $":{remote.Port}";
}
