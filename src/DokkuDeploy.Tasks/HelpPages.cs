namespace DokkuDeploy.Tasks;

/// <summary>
/// Where the help page of a DOKKUnnnn code is. The package ships docs/errors/CODE.md two folders above the task
/// assembly (tasks/net8.0/), so the link works offline and describes the installed version. When that page is
/// missing (the task runs from a build of the repository, say), the page is looked for under DokkuHelpBaseUrl,
/// a folder or a web address; with neither, a message has no link.
/// </summary>
sealed class HelpPages(string packagePagesDirectory, string? baseUrl)
{
    public static HelpPages BesideTaskAssembly(string? baseUrl) => new(PackagePagesDirectoryOf(typeof(HelpPages).Assembly.Location), baseUrl);

    /// <summary>tasks/net8.0/DokkuDeploy.Tasks.dll → docs/errors/ of the same package.</summary>
    public static string PackagePagesDirectoryOf(string taskAssemblyPath) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(taskAssemblyPath))!, "..", "..", "docs", "errors"));

    public string PackagePagesDirectory => packagePagesDirectory;

    /// <summary>The page of <paramref name="code"/>, or null when the code is not a DOKKUnnnn code or no page can be named.</summary>
    public string? LinkFor(string? code)
    {
        if (!IsCode(code))
        {
            return null;
        }

        var page = Path.Combine(packagePagesDirectory, code + ".md");
        if (File.Exists(page))
        {
            return page;
        }

        var baseAddress = baseUrl?.Trim();
        return baseAddress is not { Length: > 0 } ? null : $"{baseAddress.TrimEnd('/', '\\')}/{code}.md";
    }

    /// <summary>Console loggers do not show an event's help link, so the message carries it too, at its end.</summary>
    public static string WithLink(string message, string? link) => link is null ? message : $"{message} Help: {link}";

    // Plain string code, so the .NET Framework shim can compile this file too.
    static bool IsCode(string? code) =>
        code is { Length: 9 } && code.StartsWith("DOKKU", StringComparison.Ordinal) && code.Skip(5).All(c => c is >= '0' and <= '9');
}
