using System.Text.RegularExpressions;
using DokkuDeploy.Core.Git;

namespace DokkuDeploy.Core.Deploy;

/// <summary>The local name of the image we build: dokku-deploy/APP:TAG unless the user names it.</summary>
public static partial class ImageReference
{
    public static string For(string app, string? imageName, string? imageTag, GitRepositoryInfo git)
    {
        var name = string.IsNullOrWhiteSpace(imageName) ? $"dokku-deploy/{app}" : imageName.Trim().ToLowerInvariant();
        var tag = string.IsNullOrWhiteSpace(imageTag) ? TagFrom(git) : Sanitise(imageTag.Trim());
        return $"{name}:{tag}";
    }

    /// <summary>Short commit sha, marked when the working tree has changes the commit does not hold.</summary>
    public static string TagFrom(GitRepositoryInfo git) => git.ShortSha switch
    {
        null => "latest",
        var sha when git.IsDirty => $"{sha}-dirty",
        var sha => sha,
    };

    static string Sanitise(string tag)
    {
        var clean = InvalidTagCharacters().Replace(tag, "-").TrimStart('.', '-');
        return clean.Length == 0 ? "latest" : clean[..Math.Min(clean.Length, 128)];
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex InvalidTagCharacters();
}
