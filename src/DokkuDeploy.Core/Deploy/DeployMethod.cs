namespace DokkuDeploy.Core.Deploy;

/// <summary>How the app reaches Dokku.</summary>
public enum DeployMethod
{
    /// <summary>Build locally, stream the image over SSH into `git:load-image`. No registry needed.</summary>
    Image,

    /// <summary>Build locally, push to a registry, then `git:from-image`: for several servers or Dokku's k3s scheduler.</summary>
    Registry,

    /// <summary>`git push` the commit: Dokku builds it on the server (Dockerfile builder).</summary>
    Git,
}
