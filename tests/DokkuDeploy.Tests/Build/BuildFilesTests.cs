using System.Xml.Linq;
using DokkuDeploy.Tests.Errors;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Build;

/// <summary>MSBuild refuses a whole project over one bad file in build/ (a "--" in a comment is enough), so each must be well-formed XML.</summary>
public class BuildFilesTests
{
    static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Path.Combine(ErrorCodeInventory.RepositoryRoot, "build")).Select(Path.GetFileName)!;

    [TestCaseSource(nameof(Files))]
    public void Is_well_formed_xml(string name) =>
        Assert.DoesNotThrow(() => XDocument.Load(Path.Combine(ErrorCodeInventory.RepositoryRoot, "build", name)));
}
