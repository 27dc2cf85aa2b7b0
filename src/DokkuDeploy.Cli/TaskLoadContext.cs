using System.Reflection;
using System.Runtime.Loader;

namespace DokkuDeploy.Cli;

/// <summary>
/// Loads DokkuDeploy.Tasks.dll as MSBuild's plugin load context does: its dependencies (and libgit2's native
/// library) through its .deps.json, MSBuild's own assemblies shared with this program.
/// </summary>
sealed class TaskLoadContext : AssemblyLoadContext
{
    readonly AssemblyDependencyResolver resolver;

    TaskLoadContext(string taskAssemblyPath)
        : base("DokkuDeploy.Tasks") => resolver = new AssemblyDependencyResolver(taskAssemblyPath);

    public static Assembly Load(string taskAssemblyPath) =>
        new TaskLoadContext(taskAssemblyPath).LoadFromAssemblyPath(Path.GetFullPath(taskAssemblyPath));

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && (name.StartsWith("Microsoft.Build", StringComparison.Ordinal) || name == "Microsoft.NET.StringTools"))
        {
            return null;
        }

        return resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
