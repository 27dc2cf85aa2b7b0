using System.Text.RegularExpressions;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Registry;

/// <summary>
/// The name the built image gets in the registry: DokkuRegistry, then the image name (DokkuImageName
/// without its own registry part, else the app), then the local image's tag:
/// <c>registry.example.com/team/myapp:3f2c1a9</c>.
/// </summary>
public sealed partial record RegistryImage(RegistryLocation Registry, string Repository, string Tag)
{
    /// <summary>repository:tag, as pushed and as `git:from-image` pulls it.</summary>
    public string Reference => $"{Repository}:{Tag}";

    public override string ToString() => Reference;

    /// <param name="registry">DokkuRegistry.</param>
    /// <param name="imageName">DokkuImageName, when set; else <paramref name="app"/> names the image.</param>
    /// <param name="localReference">The built image, name:tag; its tag is kept.</param>
    public static RegistryImage For(string registry, string? imageName, string app, string localReference)
    {
        var location = RegistryLocation.Parse(registry);
        var name = string.IsNullOrWhiteSpace(imageName) ? app : LastPath(imageName.Trim().ToLowerInvariant());
        if (!NamePattern().IsMatch(name))
        {
            throw DeployErrors.RegistryNameInvalid(registry, $"the image name '{name}' is not a repository name");
        }

        var repository = location.Host + "/" + (location.Namespace is null ? name : $"{location.Namespace}/{name}");
        return new RegistryImage(location, repository, TagOf(localReference));
    }

    /// <summary>A local name may carry its own registry or namespace (acme/web): the registry's namespace replaces them.</summary>
    static string LastPath(string imageName)
    {
        var colon = imageName.LastIndexOf(':');
        var withoutTag = colon > imageName.LastIndexOf('/') ? imageName[..colon] : imageName;
        var slash = withoutTag.LastIndexOf('/');
        return slash < 0 ? withoutTag : withoutTag[(slash + 1)..];
    }

    static string TagOf(string localReference)
    {
        var colon = localReference.LastIndexOf(':');
        var slash = localReference.LastIndexOf('/');
        return colon > slash && colon < localReference.Length - 1 ? localReference[(colon + 1)..] : "latest";
    }

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex NamePattern();
}
