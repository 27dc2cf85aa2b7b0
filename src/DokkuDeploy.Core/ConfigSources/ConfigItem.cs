namespace DokkuDeploy.Core.ConfigSources;

/// <summary>
/// One DokkuConfig item as the project declares it: the key, and where its value comes from. At most one
/// source is set; none means <see cref="Value"/> (possibly empty).
/// </summary>
/// <param name="Value">The value itself, written in the project (and so in every binary log of the build).</param>
/// <param name="FromEnvironment">The environment variable that holds the value.</param>
/// <param name="FromUserSecrets">The key in the project's `dotnet user-secrets` store, nested keys joined with ':'.</param>
/// <param name="FromFile">The file that holds the value; relative to the project directory.</param>
public sealed record ConfigItem(string Key, string? Value = null, string? FromEnvironment = null, string? FromUserSecrets = null, string? FromFile = null);
