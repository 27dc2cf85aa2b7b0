using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Git;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// DokkuDryRun: everything a deploy would do — the Dockerfile, what the build context holds, every
/// command on every server — printed, with nothing built, sent, or changed, and no server contacted.
/// Config values are secrets: only their keys are shown.
/// </summary>
sealed class DryRunPlan(
    DeployRequest request, IReadOnlyList<DokkuRemote> remotes, ContextPlan context, string imageReference, Registry.RegistryImage? registryImage,
    GitRepositoryInfo git, AppCheck? check, IDeployLog log)
{
    public void Print()
    {
        log.Step("Dry run (DokkuDryRun=true): nothing is built, sent or changed, and no server is contacted. The plan:");
        log.Step($"  Method: {Deployer.MethodName(request.Method)}");
        if (request.Method == DeployMethod.Git)
        {
            log.Step($"  Commit: {git.CommitSha ?? "(none: the project is not in a git repository)"}{(git.IsDirty ? " — the working tree has uncommitted changes, which a push does not carry" : "")}");
        }
        else
        {
            PrintImage();
        }

        foreach (var remote in remotes)
        {
            PrintCommands(remote);
        }
    }

    void PrintImage()
    {
        log.Step($"  Image: {imageReference}, built from {context.DockerfileDescription}:");
        foreach (var line in context.DockerfileText().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            log.Step($"    | {line}");
        }

        var files = context.Files().Where(f => f.Kind == ContextFileKind.File).ToList();
        var bytes = files.Sum(f => f.Content?.LongLength ?? (f.SourcePath is { } path && File.Exists(path) ? new FileInfo(path).Length : 0));
        log.Step($"  Build context: {files.Count} files, {Bytes.Format(bytes)}");
        foreach (var folder in files.GroupBy(f => TopFolder(f.Path)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            log.Detail($"    {folder.Key}: {folder.Count()} files");
        }
    }

    void PrintCommands(DokkuRemote remote)
    {
        var ssh = $"{remote.SshCommand} --";
        log.Step($"  On {remote}:");
        if (request.Method != DeployMethod.Git)
        {
            log.Step($"    docker build -t {imageReference} (once for all servers, through the Docker Engine API)");
        }

        log.Step($"    {ssh} apps:exists {remote.App}");
        if (request.CreateApp)
        {
            log.Step($"    {ssh} apps:create {remote.App}   (only when the app does not exist)");
        }

        if (request.Config.Count > 0)
        {
            log.Step($"    {ssh} config:export --format json {remote.App}");
            var keys = string.Join(", ", request.Config.Keys.Order(StringComparer.Ordinal));
            log.Step($"    {ssh} --quiet config:import --no-restart --format json {remote.App} -   (stdin: the values of {keys}, only those that differ;" +
                " a server without config:import gets config:set --encoded instead)");
        }

        switch (request.Method)
        {
            case DeployMethod.Registry:
                var pushed = registryImage!.Reference;
                log.Step($"    docker push {pushed}   (credentials from the environment or the Docker config; never on a command line)");
                log.Step($"    {ssh} git:from-image {remote.App} {pushed}");
                break;
            case DeployMethod.Git:
                log.Step($"    git push {remote} HEAD:refs/heads/master   (over the verified SSH connection; Dokku builds on the server)");
                break;
            default:
                log.Step($"    {ssh} git:report {remote.App}   (skip the rest when the server already runs this image)");
                log.Step($"    docker save {imageReference} | {ssh} git:load-image {remote.App} {imageReference}   (layers the server already has are left out)");
                break;
        }

        if (check is not null)
        {
            log.Step($"    GET {check.Describe()} until it answers 2xx/3xx");
        }
    }

    static string TopFolder(string path) => path.IndexOf('/') is > 0 and var slash ? path[..slash] + "/" : path;
}
