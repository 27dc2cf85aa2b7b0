using NUnit.Framework;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Tests.BuildContext;

namespace DokkuDeploy.Tests.Dockerfiles;

public class PublishLayoutTests
{
    private static readonly string[] PackageFiles =
    [
        "Newtonsoft.Json.dll",
        "runtimes/linux-x64/native/libe_sqlite3.so",
        "runtimes\\win-x64\\native\\e_sqlite3.dll",
        "HelloDokku.deps.json", // never a dependency, whatever MSBuild says
        "not/published.dll",
    ];

    private static TempTree PublishOutput() => new TempTree()
        .File("HelloDokku.dll", "app")
        .File("HelloDokku.pdb", "pdb")
        .File("HelloDokku.deps.json", "{}")
        .File("HelloDokku.runtimeconfig.json", "{}")
        .File("appsettings.json", "{}")
        .File("Newtonsoft.Json.dll", "lib")
        .File("runtimes/linux-x64/native/libe_sqlite3.so", "so")
        .File("runtimes/win-x64/native/e_sqlite3.dll", "dll")
        .File("wwwroot/css/site.css", "css")
        .Dir("wwwroot/empty");

    [TestCase("HelloDokku.dll", ExpectedResult = "app")]
    [TestCase("HelloDokku.deps.json", ExpectedResult = "app")]
    [TestCase("HelloDokku.runtimeconfig.json", ExpectedResult = "app")]
    [TestCase("Newtonsoft.Json.dll", ExpectedResult = "deps")]
    [TestCase("runtimes/linux-x64/native/libe_sqlite3.so", ExpectedResult = "deps")]
    [TestCase("runtimes/win-x64/native/e_sqlite3.dll", ExpectedResult = "deps")]
    [TestCase("runtimes\\win-x64\\native\\e_sqlite3.dll", ExpectedResult = "deps")]
    [TestCase("newtonsoft.json.dll", ExpectedResult = "app")]
    [TestCase("wwwroot/css/site.css", ExpectedResult = "app")]
    public string Classifies_files(string path) =>
        PublishLayout.LayerOf(path, PackageFiles.Select(p => p.Replace('\\', '/')).ToHashSet(StringComparer.Ordinal));

    [Test]
    public void Produces_the_whole_context()
    {
        using var publish = PublishOutput();
        var context = PublishLayout.CreateContext(publish.Root, PackageFiles, "FROM x\n", new ContextTestLog()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(context.Where(f => f.Kind != ContextFileKind.Directory).Select(f => f.Path).Order(StringComparer.Ordinal), Is.EqualTo(new[]
            {
                "Dockerfile",
                "app/app/HelloDokku.deps.json",
                "app/app/HelloDokku.dll",
                "app/app/HelloDokku.pdb",
                "app/app/HelloDokku.runtimeconfig.json",
                "app/app/appsettings.json",
                "app/app/wwwroot/css/site.css",
                "deps/app/Newtonsoft.Json.dll",
                "deps/app/runtimes/linux-x64/native/libe_sqlite3.so",
                "deps/app/runtimes/win-x64/native/e_sqlite3.dll",
            }));
            Assert.That(context.Where(f => f.Kind == ContextFileKind.Directory).Select(f => f.Path), Is.EquivalentTo(new[] { "deps", "deps/app", "app", "app/app", "app/app/wwwroot/empty" }));
            Assert.That(context[0].Content, Is.EqualTo("FROM x\n"u8.ToArray()));
        });
    }

    [Test]
    public async Task Context_writes_and_is_deterministic()
    {
        using var publish = PublishOutput();
        async Task<ContextSummary> Write()
        {
            using var output = new MemoryStream();
            return await new BuildContextWriter().WriteAsync(PublishLayout.CreateContext(publish.Root, PackageFiles, "FROM x\n", new ContextTestLog()), output, CancellationToken.None);
        }

        var first = await Write();
        var second = await Write();
        Assert.Multiple(() =>
        {
            Assert.That(second.Sha256, Is.EqualTo(first.Sha256));
            Assert.That(first.FileCount, Is.EqualTo(10));
        });
    }

    [Test]
    public void Both_layer_folders_exist_even_when_empty()
    {
        using var publish = new TempTree().File("App.dll");
        var context = PublishLayout.Split(publish.Root, [], new ContextTestLog()).ToList();
        Assert.That(context.Select(f => f.Path), Is.EqualTo(new[] { "deps", "deps/app", "app", "app/app", "app/app/App.dll" }));
    }

    [Test]
    public void Knows_whether_there_are_dependencies()
    {
        using var publish = PublishOutput();
        Assert.Multiple(() =>
        {
            Assert.That(PublishLayout.HasDependencies(publish.Root, PackageFiles), Is.True);
            Assert.That(PublishLayout.HasDependencies(publish.Root, ["not/published.dll", "HelloDokku.deps.json"]), Is.False);
            Assert.That(PublishLayout.HasDependencies(publish.Root, []), Is.False);
        });
    }

    [Test]
    public void A_missing_publish_directory_is_a_coded_error() =>
        Assert.That(Assert.Throws<DeployException>(() => PublishLayout.Split("/nonexistent/publish", [], new ContextTestLog()))!.Code, Is.EqualTo("DOKKU2007"));
}
