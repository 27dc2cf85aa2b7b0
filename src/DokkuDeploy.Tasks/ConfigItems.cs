using DokkuDeploy.Core.Errors;
using Microsoft.Build.Framework;

namespace DokkuDeploy.Tasks;

/// <summary>
/// Reads DokkuConfig items. FromEnvironment is read here, inside the task, so that the secret never
/// passes through an MSBuild property (which would put it in a binary log).
/// </summary>
static class ConfigItems
{
    public static IReadOnlyDictionary<string, string> Read(ITaskItem[] items, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = item.ItemSpec.Trim();
            var variable = item.GetMetadata("FromEnvironment").Trim();
            if (variable.Length > 0)
            {
                values[key] = environment(variable) ?? throw DeployErrors.ConfigValueMissing(key, variable);
            }
            else
            {
                values[key] = item.GetMetadata("Value");
            }
        }

        return values;
    }
}
