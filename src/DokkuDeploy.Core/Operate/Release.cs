namespace DokkuDeploy.Core.Operate;

/// <summary>One release of an app: the image it ran and when DokkuDeploy released it.</summary>
public sealed record Release(string Image, DateTimeOffset ReleasedAt)
{
    /// <summary>The image's tag ("abc1234" of dokku-deploy/app:abc1234); the reference itself when it has none.</summary>
    public string Tag
    {
        get
        {
            var name = Image.Split('@')[0];
            var colon = name.LastIndexOf(':');
            return colon > name.LastIndexOf('/') ? name[(colon + 1)..] : Image;
        }
    }

    /// <summary>True when <paramref name="value"/> names this release: its whole image reference, or its tag.</summary>
    public bool IsNamedBy(string value) =>
        string.Equals(Image, value, StringComparison.Ordinal) || string.Equals(Tag, value, StringComparison.Ordinal);
}
