using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DokkuDeploy.Cli;

/// <summary>
/// What `deploy` learns from a publish folder, where MSBuild would know it from the project: the entry
/// assembly, the base image for its shared framework, and the files that came from NuGet packages (the
/// dependency layer), read from APP.runtimeconfig.json and APP.deps.json.
/// </summary>
sealed class PublishedApp(string directory, string entryAssembly)
{
    public string Directory => directory;

    public string EntryAssembly => entryAssembly;

    public static PublishedApp Open(string directory, string? entryAssembly)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new UsageException($"The publish folder {directory} does not exist. Run `dotnet publish -c Release -o {directory}` first.");
        }

        if (string.IsNullOrWhiteSpace(entryAssembly))
        {
            var configs = System.IO.Directory.GetFiles(directory, "*.runtimeconfig.json");
            if (configs.Length != 1)
            {
                throw new UsageException($"Cannot tell the app's entry assembly in {directory} ({configs.Length} *.runtimeconfig.json files): name it with --entry-assembly APP.dll.");
            }

            entryAssembly = Path.GetFileName(configs[0])[..^".runtimeconfig.json".Length] + ".dll";
        }

        return new PublishedApp(directory, entryAssembly!);
    }

    string BaseName => Path.GetFileNameWithoutExtension(entryAssembly);

    /// <summary>mcr.microsoft.com/dotnet/aspnet:X.Y for ASP.NET Core apps, …/runtime:X.Y otherwise; null when the app names no shared framework (self-contained).</summary>
    public string? DefaultBaseImage()
    {
        var path = Path.Combine(directory, BaseName + ".runtimeconfig.json");
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("runtimeOptions", out var options))
        {
            return null;
        }

        var frameworks = new List<JsonElement>();
        if (options.TryGetProperty("framework", out var single))
        {
            frameworks.Add(single);
        }

        if (options.TryGetProperty("frameworks", out var several))
        {
            frameworks.AddRange(several.EnumerateArray());
        }

        var names = frameworks.Select(f => (Name: f.GetProperty("name").GetString(), Version: f.GetProperty("version").GetString() ?? "")).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        var web = names.FirstOrDefault(f => f.Name == "Microsoft.AspNetCore.App");
        var (name, version) = web.Name is null ? names[0] : web;
        var majorMinor = string.Join('.', version.Split('.').Take(2));
        return $"mcr.microsoft.com/dotnet/{(name == "Microsoft.AspNetCore.App" ? "aspnet" : "runtime")}:{majorMinor}";
    }

    /// <summary>Published files of NuGet packages, with RelativePath metadata as MSBuild's ResolvedFileToPublish has it.</summary>
    public ITaskItem[] DependencyFiles()
    {
        var path = Path.Combine(directory, BaseName + ".deps.json");
        if (!File.Exists(path))
        {
            return [];
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        if (!root.TryGetProperty("targets", out var targets) || !root.TryGetProperty("libraries", out var libraries))
        {
            return [];
        }

        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var target in targets.EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (!libraries.TryGetProperty(library.Name, out var info) || info.GetProperty("type").GetString() != "package")
                {
                    continue;
                }

                foreach (var (group, keepFolders) in new[] { ("runtime", false), ("native", false), ("runtimeTargets", true) })
                {
                    if (!library.Value.TryGetProperty(group, out var assets))
                    {
                        continue;
                    }

                    foreach (var asset in assets.EnumerateObject())
                    {
                        var relative = keepFolders ? asset.Name : Path.GetFileName(asset.Name);
                        if (File.Exists(Path.Combine(directory, relative)))
                        {
                            files.Add(relative);
                        }
                    }
                }
            }
        }

        return files.Select(f =>
        {
            var item = new TaskItem(Path.Combine(directory, f));
            item.SetMetadata("RelativePath", f);
            return (ITaskItem)item;
        }).ToArray();
    }
}
