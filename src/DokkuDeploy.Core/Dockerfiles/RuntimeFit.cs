using System.Text.Json;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// Whether a framework-dependent app starts on the .NET of its base image. The host picks the app's own
/// major version (a newer minor is fine); a newer major only when the app rolls forward to it: rollForward
/// Major or LatestMajor in its runtimeconfig.json (the RollForward property), or DOTNET_ROLL_FORWARD.
/// Checked before the build, because a mismatch shows only once the new release fails to start.
/// </summary>
public static class RuntimeFit
{
    static readonly string[] MajorRollForward = ["Major", "LatestMajor"];

    /// <param name="rollForwardEnvironment">DOTNET_ROLL_FORWARD as the app's config sets it, if it does.</param>
    public static void Check(AppShape shape, string baseImage, string publishDirectory, string entryAssembly, string? rollForwardEnvironment)
    {
        if (shape.BringsRuntime || BaseImages.RuntimeVersionOf(baseImage) is not { } image || BaseImages.FrameworkVersion(shape.TargetFrameworkVersion) is not { } target)
        {
            return;
        }

        target = new Version(target.Major, Math.Max(target.Minor, 0));
        if (image.Major == target.Major && image.Minor >= target.Minor)
        {
            return;
        }

        var rollForward = rollForwardEnvironment ?? RollForwardOf(publishDirectory, entryAssembly);
        if (image > target && rollForward is not null && MajorRollForward.Contains(rollForward, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        throw DeployErrors.RuntimeDoesNotFit(baseImage, image.ToString(2), target.ToString(2), image < target, rollForward);
    }

    /// <summary>runtimeOptions.rollForward of the published runtimeconfig.json, as the host reads it.</summary>
    public static string? RollForwardOf(string publishDirectory, string entryAssembly)
    {
        var path = Path.Combine(publishDirectory, Path.GetFileNameWithoutExtension(entryAssembly) + ".runtimeconfig.json");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.TryGetProperty("runtimeOptions", out var options)
                && options.TryGetProperty("rollForward", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            // The host itself would refuse such a file; the build and the release say so more plainly than a guess here.
            return null;
        }
    }
}
