using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.Errors;

/// <summary>
/// Every DOKKUnnnn code the product can report, found two ways: by calling each DeployErrors factory (and
/// reading its code constants), and by reading the source text of src/ and build/, where codes stand only in
/// src/DokkuDeploy.Core/Errors/ (<see cref="ErrorCatalogTests"/>), so that a code anywhere else is seen too.
/// </summary>
static partial class ErrorCodeInventory
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string PagesDirectory => Path.Combine(RepositoryRoot, "docs", "errors");

    public static MethodInfo[] Factories { get; } = typeof(DeployErrors)
        .GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Where(m => m.ReturnType == typeof(DeployException))
        .ToArray();

    /// <summary>Each factory called with stand-in arguments, and the error it made.</summary>
    public static IEnumerable<(string Method, DeployException Error)> FactoryErrors() =>
        Factories.Select(m => (m.Name, (DeployException)m.Invoke(null, m.GetParameters().Select(Dummy).ToArray())!));

    public static IReadOnlyDictionary<string, string> FactoryCodes() =>
        FactoryErrors().ToDictionary(e => e.Method, e => e.Error.Code);

    public static IReadOnlyList<string> ConstantCodes() =>
        typeof(DeployErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(v => Code().IsMatch(v))
            .ToList();

    /// <summary>Code → the first source file (relative to the repository) that names it.</summary>
    public static IReadOnlyDictionary<string, string> SourceCodes()
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var files = new[] { "src", "build" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), "*.*", SearchOption.AllDirectories));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(RepositoryRoot, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
                || !(file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".targets", StringComparison.Ordinal) || file.EndsWith(".props", StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (Match match in Code().Matches(File.ReadAllText(file)))
            {
                found.TryAdd(match.Value, relative);
            }
        }

        return found;
    }

    public static ISet<string> AllCodes() =>
        FactoryCodes().Values.Concat(ConstantCodes()).Concat(SourceCodes().Keys).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\bDOKKU[0-9]{4}\b")]
    public static partial Regex Code();

    static object? Dummy(ParameterInfo parameter) => parameter.ParameterType switch
    {
        var t when t == typeof(string) => "x",
        var t when t == typeof(int) => 1,
        var t when t == typeof(long) => 1L,
        var t when t == typeof(IReadOnlyList<string>) || t == typeof(IEnumerable<string>) => new[] { "x" },
        var t when t.IsValueType => Activator.CreateInstance(t),
        _ => null,
    };

    // The source file's own path at compile time: the tests may run from an artifacts folder outside the repository.
    static string FindRepositoryRoot([CallerFilePath] string thisFile = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(thisFile), TestContext.CurrentContext.TestDirectory })
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DokkuDeploy.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"DokkuDeploy.sln not found above {thisFile} or {TestContext.CurrentContext.TestDirectory}");
    }
}
