namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// The Procfile Dokku reads from the image's working directory. Without one, Dokku runs the image's
/// CMD/ENTRYPOINT as the web process, routes HTTP to it and checks it as a web server; a worker needs its
/// own process type, so that Dokku starts it without a port, a proxy or a URL.
/// </summary>
public static class Procfile
{
    public const string FileName = "Procfile";

    public static string ForWorker(IReadOnlyList<string> command) => $"{AppShape.Worker}: {string.Join(" ", command)}\n";
}
