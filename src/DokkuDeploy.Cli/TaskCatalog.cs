using System.Reflection;
using Microsoft.Build.Framework;

namespace DokkuDeploy.Cli;

/// <summary>The DokkuDeploy tasks this program can run: the public ITask classes of DokkuDeploy.Tasks.dll.</summary>
sealed class TaskCatalog(Assembly taskAssembly)
{
    /// <summary>DokkuDeploy.Tasks.dll beside this program (both live in the package's tasks/net8.0/).</summary>
    public static TaskCatalog BesideProgram() =>
        new(TaskLoadContext.Load(Path.Combine(AppContext.BaseDirectory, "DokkuDeploy.Tasks.dll")));

    public IEnumerable<Type> Tasks => taskAssembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ITask).IsAssignableFrom(t))
        .OrderBy(t => t.Name, StringComparer.Ordinal);

    public Type? Find(string name) => Tasks.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
