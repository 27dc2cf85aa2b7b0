namespace DokkuDeploy.Core.Errors;

// DOKKU9xxx: the MSBuild task layer. This file is compiled into the .NET Framework shim as well, which cannot
// reference the core: it holds only codes and their texts, nothing else of the core.
public static partial class DeployErrors
{
    /// <summary>The task was cancelled (Ctrl+C, or Visual Studio's cancel).</summary>
    public const string TaskCancelledCode = "DOKKU9001";

    const string CancelledRelease =
        "the running app keeps its previous release; if Dokku already had it, Dokku may finish the release on its own. " +
        "`ssh dokku@HOST ps:report APP` shows which release runs.";

    public static string TaskCancelled() =>
        "The deploy was cancelled. If it stopped before Dokku had the whole image, " + CancelledRelease;

    /// <summary>The text of <see cref="TaskCancelledCode"/> when the shim had to end the task's process.</summary>
    public static string TaskProcessEnded(string task, double graceSeconds) =>
        $"The {task} task was cancelled and its process did not stop within {graceSeconds:0} seconds, so it was ended. " +
        "If it was deploying: if it stopped before Dokku had the whole image, " + CancelledRelease;

    /// <summary>The shim found no `dotnet` to run the task with.</summary>
    public const string DotNetHostMissingCode = "DOKKU9002";

    public static string DotNetHostMissing(string task) =>
        $"The {task} task needs the .NET runtime host `dotnet` (.NET 8 or later) and found none: neither DOTNET_HOST_PATH, DOTNET_ROOT nor the PATH leads to one. " +
        "Visual Studio's MSBuild runs on .NET Framework, so DokkuDeploy runs its tasks with `dotnet`. Install the .NET SDK (https://dot.net), or set DOTNET_HOST_PATH to the full path of dotnet.exe.";

    /// <summary>The shim found no CLI beside it in the package.</summary>
    public const string TaskCliMissingCode = "DOKKU9003";

    public static string TaskCliMissing(string task, string cliAssembly) =>
        $"The {task} task cannot find {cliAssembly}, the program it runs its work in. The DokkuDeploy package " +
        "in the NuGet package folder is incomplete. Delete that folder of the package (or run `dotnet nuget locals global-packages --clear`) and restore again.";

    /// <summary>The task's process failed without reporting an error.</summary>
    public const string TaskProcessFailedCode = "DOKKU9004";

    public static string TaskProcessFailed(string task, string commandLine, int exitCode, string standardErrorTail) =>
        $"The {task} task's process ({commandLine}) stopped with exit code {exitCode} and reported no error. " +
        "Its own words, if any: " + (standardErrorTail.Length > 0 ? standardErrorTail : "(none)") +
        " Check that a .NET 8 or later runtime is installed for that `dotnet` (`dotnet --list-runtimes`); if it is, please report this with the lines above.";
}
