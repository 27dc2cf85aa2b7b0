using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DokkuDeploy.Cli;

/// <summary>
/// `deploy [options]`: the DeployToDokku task's parameters from a command line, with the defaults the targets
/// file would compute from the project. Config values come only from the environment (--config-from-env), so no
/// secret has to be typed onto a command line, where every process on the machine could read it.
/// </summary>
sealed class DeployCommand
{
    /// <summary>Option → task parameter, for options that take a value and pass it on unchanged.</summary>
    static readonly Dictionary<string, string> ValueOptions = new(StringComparer.Ordinal)
    {
        ["--remote"] = "Remote",
        ["--app"] = "App",
        ["--ssh-key"] = "SshKey",
        ["--known-hosts"] = "KnownHosts",
        ["--host-key-fingerprint"] = "HostKeyFingerprint",
        ["--verify-url"] = "VerifyUrl",
        ["--dockerfile"] = "Dockerfile",
        ["--docker-context"] = "DockerContext",
        ["--base-image"] = "BaseImage",
        ["--platform"] = "Platform",
        ["--image-name"] = "ImageName",
        ["--image-tag"] = "ImageTag",
        ["--port"] = "ContainerPort",
        ["--ports"] = "Ports",
        ["--user"] = "ContainerUser",
        ["--health-check-path"] = "HealthCheckPath",
        ["--lock-timeout"] = "LockTimeout",
        ["--compress"] = "Compress",
        ["--deploy-method"] = "DeployMethod",
        ["--registry"] = "Registry",
        ["--generated-dockerfile"] = "GeneratedDockerfile",
        ["--project-dir"] = "ProjectDirectory",
    };

    static readonly Dictionary<string, (string Parameter, bool Value)> Switches = new(StringComparer.Ordinal)
    {
        ["--accept-new-host-key"] = ("AcceptNewHostKey", true),
        ["--no-create-app"] = ("CreateApp", false),
        ["--dry-run"] = ("DryRun", true),
        ["--timings"] = ("Timings", true),
        ["--allow-dirty"] = ("AllowDirty", true),
        ["--registry-login-server"] = ("RegistryLoginServer", true),
    };

    public Dictionary<string, object> Parameters { get; } = new(StringComparer.Ordinal);

    public bool Verbose { get; private set; }

    public static DeployCommand Parse(IReadOnlyList<string> arguments, string currentDirectory)
    {
        var command = new DeployCommand();
        string? publishDirectory = null;
        string? entryAssembly = null;
        var config = new List<ITaskItem>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var (option, inlineValue) = SplitInline(argument);
            string Value() => inlineValue ?? (++i < arguments.Count ? arguments[i] : throw new UsageException($"{option} needs a value. See --help."));
            if (ValueOptions.TryGetValue(option, out var parameter))
            {
                command.Parameters[parameter] = Value();
            }
            else if (Switches.TryGetValue(option, out var flag) && inlineValue is null)
            {
                command.Parameters[flag.Parameter] = flag.Value;
            }
            else if (option is "--publish-dir")
            {
                publishDirectory = Value();
            }
            else if (option is "--entry-assembly")
            {
                entryAssembly = Value();
            }
            else if (option is "--config-from-env")
            {
                config.Add(ConfigItem(Value()));
            }
            else if (option is "-v" or "--verbose")
            {
                command.Verbose = true;
            }
            else
            {
                throw new UsageException($"Unknown option '{argument}'. See --help.");
            }
        }

        if (publishDirectory is null)
        {
            throw new UsageException("deploy needs --publish-dir: the folder `dotnet publish` wrote the app to. See --help.");
        }

        var projectDirectory = Path.GetFullPath(command.Parameters.TryGetValue("ProjectDirectory", out var p) ? (string)p : currentDirectory, currentDirectory);
        var app = PublishedApp.Open(Path.GetFullPath(publishDirectory, currentDirectory), entryAssembly);
        command.Parameters["ProjectDirectory"] = projectDirectory;
        command.Parameters["PublishDirectory"] = app.Directory;
        command.Parameters["EntryAssembly"] = app.EntryAssembly;
        command.Parameters["DependencyFiles"] = app.DependencyFiles();
        command.Parameters["Config"] = config.ToArray();
        if (!command.Parameters.ContainsKey("BaseImage"))
        {
            command.Parameters["BaseImage"] = app.DefaultBaseImage()
                ?? throw new UsageException($"Cannot tell which .NET the app in {app.Directory} runs on (no shared framework in its runtimeconfig.json): name the image with --base-image.");
        }

        // As the targets do: the project's own Dockerfile when it has one.
        if (!command.Parameters.ContainsKey("Dockerfile") && File.Exists(Path.Combine(projectDirectory, "Dockerfile")))
        {
            command.Parameters["Dockerfile"] = Path.Combine(projectDirectory, "Dockerfile");
        }

        if (!command.Parameters.ContainsKey("GeneratedDockerfile"))
        {
            command.Parameters["GeneratedDockerfile"] = Path.Combine(projectDirectory, "obj", "dokku", "Dockerfile");
        }

        foreach (var path in new[] { "SshKey", "KnownHosts", "Dockerfile", "DockerContext", "GeneratedDockerfile" })
        {
            if (command.Parameters.TryGetValue(path, out var value) && path != "KnownHosts")
            {
                command.Parameters[path] = Path.GetFullPath((string)value, currentDirectory);
            }
        }

        return command;
    }

    /// <summary>KEY reads the variable KEY; KEY=VARIABLE reads VARIABLE. The value itself is read inside the task, as with FromEnvironment items.</summary>
    static ITaskItem ConfigItem(string text)
    {
        var parts = text.Split('=', 2);
        var key = parts[0].Trim();
        var variable = parts.Length == 2 ? parts[1].Trim() : key;
        if (key.Length == 0 || variable.Length == 0)
        {
            throw new UsageException($"--config-from-env takes KEY or KEY=VARIABLE, not '{text}'.");
        }

        var item = new TaskItem(key);
        item.SetMetadata("FromEnvironment", variable);
        return item;
    }

    static (string Option, string? Value) SplitInline(string argument)
    {
        var equals = argument.IndexOf('=');
        return argument.StartsWith("--", StringComparison.Ordinal) && equals > 2
            ? (argument[..equals], argument[(equals + 1)..])
            : (argument, null);
    }
}
