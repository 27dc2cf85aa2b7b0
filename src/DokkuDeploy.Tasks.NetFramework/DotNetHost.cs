namespace DokkuDeploy.Tasks;

/// <summary>
/// Finds the `dotnet` host that runs the net8.0 CLI, the way the .NET SDK's own out-of-process tasks do:
/// DOTNET_HOST_PATH (set by the SDK for the build: the host of the SDK that builds the project), else
/// DOTNET_ROOT, else the PATH, else the default install folder on Windows.
/// </summary>
static class DotNetHost
{
    public static string? Find(Func<string, string?> environment)
    {
        var executable = IsWindows ? "dotnet.exe" : "dotnet";
        foreach (var candidate in Candidates(environment, executable))
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    static IEnumerable<string> Candidates(Func<string, string?> environment, string executable)
    {
        // Some older setups put the host's folder into DOTNET_HOST_PATH rather than the host itself: accept both.
        if (NonBlank(environment("DOTNET_HOST_PATH")) is { } hostPath)
        {
            yield return hostPath;
            yield return Path.Combine(hostPath, executable);
        }

        if (NonBlank(environment("DOTNET_ROOT")) is { } root)
        {
            yield return Path.Combine(root, executable);
        }

        foreach (var folder in (environment("PATH") ?? "").Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return Path.Combine(folder.Trim().Trim('"'), executable);
        }

        if (IsWindows && NonBlank(environment("ProgramFiles")) is { } programFiles)
        {
            yield return Path.Combine(programFiles, "dotnet", executable);
        }
    }

    static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    static bool IsWindows => Path.DirectorySeparatorChar == '\\';
}
