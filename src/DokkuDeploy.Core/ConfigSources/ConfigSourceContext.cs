namespace DokkuDeploy.Core.ConfigSources;

/// <summary>What the sources of config values are read against.</summary>
/// <param name="ProjectDirectory">Relative FromFile paths start here.</param>
/// <param name="UserSecretsId">The project's UserSecretsId property, for FromUserSecrets; null when it has none.</param>
/// <param name="Environment">The build's environment variables (FromEnvironment, and where the user-secrets store is).</param>
public sealed record ConfigSourceContext(string ProjectDirectory, string? UserSecretsId, Func<string, string?> Environment);
