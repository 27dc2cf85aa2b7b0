namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>What the generated Dockerfile needs to know about the app.</summary>
public sealed record DockerfileOptions
{
    /// <summary>The image to build on, e.g. mcr.microsoft.com/dotnet/aspnet:10.0 (see <see cref="BaseImages"/>).</summary>
    public required string BaseImage { get; init; }

    /// <summary>The app's entry assembly in the publish output, e.g. "HelloDokku.dll".</summary>
    public required string EntryAssembly { get; init; }

    /// <summary>Whether the context has a deps/ folder of NuGet package files (see <see cref="PublishLayout"/>).</summary>
    public bool HasDependencyLayer { get; init; }

    /// <summary>The port the app listens on inside the container; Dokku's default PORT is 5000.</summary>
    public int Port { get; init; } = 5000;

    /// <summary>Whether the app is a web process (ASPNETCORE_HTTP_PORTS, ENTRYPOINT); false for a worker (CMD, and a Procfile names it).</summary>
    public bool ServesHttp { get; init; } = true;

    /// <summary>Start the apphost (./App) instead of `dotnet App.dll`: self-contained, single-file and AOT apps.</summary>
    public bool StartsWithAppHost { get; init; }

    /// <summary>The command that starts the app in /app.</summary>
    public IReadOnlyList<string> StartCommand => StartsWithAppHost
        ? ["./" + Path.GetFileNameWithoutExtension(EntryAssembly)]
        : ["dotnet", EntryAssembly];

    /// <summary>The user the app runs as: 1654 is 'app' in the official .NET images.</summary>
    public string User { get; init; } = "1654";

    /// <summary>OCI labels such as org.opencontainers.image.source / .revision / .created. Written sorted by key.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
