using DokkuDeploy.Core.ConfigSources;
using DokkuDeploy.Core.Logging;
using Microsoft.Build.Framework;

namespace DokkuDeploy.Tasks;

/// <summary>
/// Reads DokkuConfig items. FromEnvironment, FromUserSecrets and FromFile are read here, inside the task, so
/// that the secret never passes through an MSBuild property or item (which would put it in a binary log).
/// </summary>
static class ConfigItems
{
    public static IReadOnlyDictionary<string, string> Read(
        ITaskItem[] items, string projectDirectory, string? userSecretsId, Func<string, string?> environment, IDeployLog log) =>
        new ConfigValueReader(new ConfigSourceContext(projectDirectory, userSecretsId, environment), log).Read(items.Select(item => new ConfigItem(
            item.ItemSpec.Trim(),
            item.GetMetadata("Value"),
            item.GetMetadata("FromEnvironment"),
            item.GetMetadata("FromUserSecrets"),
            item.GetMetadata("FromFile"))));
}
