namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    public static DeployException DeployMethodUnknown(string value) => new(
        "DOKKU1110",
        $"DokkuDeployMethod '{value}' is not a deploy method. Use image (the default: the image goes over SSH, no registry needed), " +
        "registry (push to DokkuRegistry, then `git:from-image`; for several servers or Dokku's k3s scheduler) " +
        "or git (push the commit; Dokku builds it on the server).");

    public static DeployException RegistryNotSet() => new(
        "DOKKU1111",
        "DokkuDeployMethod is registry, but DokkuRegistry is not set, so there is nowhere to push the image. " +
        "Set it to the registry the Dokku server pulls from, e.g. `-p:DokkuRegistry=registry.example.com/team`, " +
        "or deploy without a registry with DokkuDeployMethod=image.");

    /// <param name="failures">One entry per server that failed: "host: DOKKUnnnn message".</param>
    public static DeployException SeveralServersFailed(IReadOnlyList<string> failures, int total, bool beforeBuild) => new(
        "DOKKU1112",
        $"The deploy failed on {failures?.Count ?? 0} of {total} servers" +
        (beforeBuild ? " before anything was built, so no server was changed" : "; the others finished and keep the new release") +
        $". [{string.Join("] [", failures ?? Array.Empty<string>())}] " +
        "Fix each one as its message says, then deploy again: servers that already run this image are skipped quickly.");

    /// <summary>For <see cref="SeveralServersFailed"/>: one server's failure on one line.</summary>
    public static string ServerFailure(string server, DeployException failure) => $"{server}: {failure.Code} {failure.Message}";
}
