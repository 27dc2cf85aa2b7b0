using System.Reflection;
using System.Text.RegularExpressions;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.Errors;

/// <summary>
/// Every DOKKU code is defined once, in src/DokkuDeploy.Core/Errors/: nothing else in src/ or build/ writes one, and no
/// code has two meanings (as the .NET SDK's EnsureErrorCodeUniqueness holds its resource strings to one code each).
/// </summary>
public sealed partial class ErrorCatalogTests
{
    static readonly string Catalog = Path.Combine("src", "DokkuDeploy.Core", "Errors") + Path.DirectorySeparatorChar;

    [Test]
    public void No_code_is_written_outside_the_catalog()
    {
        var outside = SourceFiles("src", "build")
            .Where(file => !Relative(file).StartsWith(Catalog, StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, index)))
            .Where(l => ErrorCodeInventory.Code().IsMatch(l.line))
            .Select(l => $"{Relative(l.file)}:{l.index + 1}: {l.line.Trim()}");
        Assert.That(outside, Is.Empty, "name the code by its DeployErrors member (<see cref=\"DeployErrors.X\"/> in a doc comment)");
    }

    [Test]
    public void Every_code_is_written_once_in_the_catalog()
    {
        var twice = SourceFiles(Catalog)
            .SelectMany(file => QuotedCode().Matches(File.ReadAllText(file)).Select(m => (Code: m.Groups[1].Value, File: Relative(file))))
            .GroupBy(c => c.Code)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.File))}");
        Assert.That(twice, Is.Empty, "a code another definition uses must be its constant (XxxCode), not a second literal");
    }

    [Test]
    public void No_code_has_two_meanings()
    {
        // A factory Xxx, its code constant XxxCode and a warning's XxxWarning are one meaning; any other name is a second.
        var meanings = ErrorCodeInventory.FactoryCodes().Select(f => (Code: f.Value, Meaning: f.Key))
            .Concat(CodeConstants().Select(c => (c.Code, Meaning: Suffix().Replace(c.Name, ""))))
            .Distinct()
            .GroupBy(m => m.Code)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Meaning))}");
        Assert.That(meanings, Is.Empty);
    }

    [Test]
    public void The_catalog_sees_the_codes_of_the_shim_and_the_targets()
    {
        var codes = ErrorCodeInventory.FactoryCodes().Values.Concat(CodeConstants().Select(c => c.Code)).ToHashSet();
        Assert.That(new[] { "DOKKU9001", "DOKKU9002", "DOKKU9003", "DOKKU9004", "DOKKU8009" }, Is.SubsetOf(codes));
        Assert.That(ErrorCodeInventory.SourceCodes().Keys, Is.SubsetOf(codes.Concat(ErrorCodeInventory.ConstantCodes())), "every code the source names is defined");
    }

    static IEnumerable<(string Name, string Code)> CodeConstants() =>
        typeof(DeployErrors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (f.Name, Code: (string)f.GetRawConstantValue()!))
            .Where(c => ErrorCodeInventory.Code().IsMatch(c.Code));

    static IEnumerable<string> SourceFiles(params string[] folders) =>
        folders.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(ErrorCodeInventory.RepositoryRoot, folder), "*", SearchOption.AllDirectories))
            .Where(file => !Regex.IsMatch(Relative(file), @"(^|[\\/])(bin|obj)[\\/]"))
            .Order(StringComparer.Ordinal);

    static string Relative(string file) => Path.GetRelativePath(ErrorCodeInventory.RepositoryRoot, file);

    [GeneratedRegex("\"(DOKKU[0-9]{4})\"")]
    private static partial Regex QuotedCode();

    [GeneratedRegex("(Code|Warning)$")]
    private static partial Regex Suffix();
}
