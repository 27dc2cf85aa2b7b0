using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// How the app was published, as far as its image cares: which runtime it needs (none when self-contained),
/// how it starts (the apphost or `dotnet App.dll`) and whether it serves HTTP (a web process) or not (a worker).
/// </summary>
public sealed record AppShape
{
    public const string Web = "web";
    public const string Worker = "worker";

    /// <summary>The framework-dependent ASP.NET Core app, DokkuDeploy's first shape.</summary>
    public static AppShape FrameworkDependentWeb(string targetFrameworkVersion) =>
        new() { TargetFrameworkVersion = targetFrameworkVersion, IsAspNetCore = true };

    /// <summary>MSBuild's TargetFrameworkVersion, "10.0" or "v10.0".</summary>
    public required string TargetFrameworkVersion { get; init; }

    /// <summary>The project references the Microsoft.AspNetCore.App framework (the SDK's own test for the aspnet image).</summary>
    public bool IsAspNetCore { get; init; }

    /// <summary>SelfContained: the publish output holds the runtime.</summary>
    public bool SelfContained { get; init; }

    public bool SingleFile { get; init; }

    /// <summary>PublishAot: a native executable, no runtime and no IL.</summary>
    public bool NativeAot { get; init; }

    public bool Trimmed { get; init; }

    public bool ReadyToRun { get; init; }

    /// <summary>The RuntimeIdentifier published for, e.g. linux-x64; empty for a portable app.</summary>
    public string? RuntimeIdentifier { get; init; }

    /// <summary>DokkuProcessType: web or worker; null to infer it (web for ASP.NET Core apps).</summary>
    public string? ProcessTypeSetting { get; init; }

    /// <summary>Self-contained and AOT apps bring their runtime: the base image only needs its native libraries.</summary>
    public bool BringsRuntime => SelfContained || NativeAot;

    /// <summary>The apphost starts the app: there is no App.dll to give `dotnet` (single-file, AOT) or no `dotnet` (self-contained).</summary>
    public bool StartsWithAppHost => BringsRuntime || SingleFile;

    public string ProcessType => ProcessTypeSetting?.Trim().ToLowerInvariant() switch
    {
        null or "" => IsAspNetCore ? Web : Worker,
        Web => Web,
        Worker => Worker,
        _ => throw DeployErrors.ProcessTypeInvalid(ProcessTypeSetting!),
    };

    public bool ServesHttp => ProcessType == Web;

    /// <summary>The apphost is a native executable of the RuntimeIdentifier's OS; an image runs Linux ones only.</summary>
    public void CheckRunsOnLinux()
    {
        var rid = RuntimeIdentifier?.Trim() ?? "";
        if (StartsWithAppHost && !rid.StartsWith("linux-", StringComparison.OrdinalIgnoreCase))
        {
            throw DeployErrors.AppHostNotForLinux(Describe(), rid);
        }
    }

    /// <summary>"self-contained single-file trimmed ASP.NET Core app for linux-x64", for the log.</summary>
    public string Describe()
    {
        var words = new List<string>();
        if (NativeAot)
        {
            words.Add("Native AOT");
        }
        else
        {
            words.Add(SelfContained ? "self-contained" : "framework-dependent");
            if (SingleFile)
            {
                words.Add("single-file");
            }

            if (ReadyToRun)
            {
                words.Add("ReadyToRun");
            }
        }

        if (Trimmed && !NativeAot)
        {
            words.Add("trimmed");
        }

        words.Add(IsAspNetCore ? "ASP.NET Core app" : "console app");
        if (!string.IsNullOrWhiteSpace(RuntimeIdentifier))
        {
            words.Add($"for {RuntimeIdentifier.Trim()}");
        }

        return string.Join(" ", words);
    }
}
