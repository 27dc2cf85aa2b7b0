namespace DokkuDeploy.Testing;

/// <summary>
/// A tiny web app for deploy tests: busybox httpd serving /www, on $PORT (5000 by default), that
/// prints its port and $GREETING when it starts, so `logs` and deploy output show its config.
/// </summary>
public sealed record BusyboxHttpdApp
{
    public const string Command =
        "[\"/bin/sh\",\"-c\",\"echo \\\"starting httpd on ${PORT:-5000} GREETING=$GREETING\\\"; exec /bin/httpd -f -v -p ${PORT:-5000} -h /www\"]";

    public required string BaseImage { get; init; }
    public string IndexHtml { get; init; } = "hello\n";

    /// <summary>app.json placed in the image's working directory (/), when set.</summary>
    public string? AppJson { get; init; }

    /// <summary>Adds /www/cgi-bin/greeting, a CGI script that answers with $GREETING: config seen over HTTP.</summary>
    public bool ServesGreeting { get; init; }

    public const string GreetingScript = "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\nprintf '%s' \"$GREETING\"\n";

    /// <summary>An EXPOSE line: Dokku then routes to this port instead of 5000.</summary>
    public int? ExposedPort { get; init; }

    /// <summary>More files served under /www, by name.</summary>
    public IReadOnlyDictionary<string, string> WwwFiles { get; init; } = new Dictionary<string, string>();

    public string Dockerfile
    {
        get
        {
            var lines = new List<string> { $"FROM {BaseImage}", "COPY index.html /www/index.html" };
            lines.AddRange(WwwFiles.Keys.Order(StringComparer.Ordinal).Select(name => $"COPY www-{name} /www/{name}"));
            if (ServesGreeting)
                lines.Add("COPY greeting /www/cgi-bin/greeting");
            if (AppJson is not null)
                lines.Add("COPY app.json /app.json");
            if (ExposedPort is { } port)
                lines.Add($"EXPOSE {port}");
            lines.Add("CMD " + Command);
            return string.Join('\n', lines) + "\n";
        }
    }

    /// <summary>Writes the build context (Dockerfile and files) into DIRECTORY.</summary>
    public void WriteContext(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Dockerfile"), Dockerfile);
        File.WriteAllText(Path.Combine(directory, "index.html"), IndexHtml);
        foreach (var (name, content) in WwwFiles)
            File.WriteAllText(Path.Combine(directory, "www-" + name), content);
        if (AppJson is not null)
            File.WriteAllText(Path.Combine(directory, "app.json"), AppJson);
        if (ServesGreeting && !OperatingSystem.IsWindows())
        {
            var script = Path.Combine(directory, "greeting");
            File.WriteAllText(script, GreetingScript);
            // COPY keeps the mode: the legacy builder has no --chmod, and httpd runs only executables.
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    /// <summary>Builds the image as TAG on the test bed's engine (legacy builder).</summary>
    public async Task BuildAsync(DockerCli docker, string tag, CancellationToken cancellationToken = default)
    {
        var context = Path.Combine(Path.GetTempPath(), $"dokkudeploy-app-{Guid.NewGuid():N}");
        try
        {
            WriteContext(context);
            var build = await docker.RunAsync(["build", "-q", "-t", tag, "."], context, cancellationToken).ConfigureAwait(false);
            if (build.ExitCode != 0 && build.StandardError.Contains("unknown parent image ID", StringComparison.Ordinal))
            {
                // Tests run in parallel and remove their images: the legacy builder may have picked a cached step
                // whose image another test's cleanup removed a moment later. Building again starts from what exists.
                build = await docker.RunAsync(["build", "-q", "-t", tag, "."], context, cancellationToken).ConfigureAwait(false);
            }

            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException("docker failed:\n" + build);
            }
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }
}
