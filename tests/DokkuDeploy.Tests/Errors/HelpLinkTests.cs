using DokkuDeploy.Tasks;
using DokkuDeploy.Tests.Tasks;
using Microsoft.Build.Utilities;

namespace DokkuDeploy.Tests.Errors;

/// <summary>
/// Coded messages end with "Help: LOCATION/DOKKUnnnn.md", the same location as the event's help link: the
/// installed package's own page, else DokkuHelpBaseUrl. The core knows only the code.
/// </summary>
public sealed class HelpLinkTests
{
    string pages = "";

    [SetUp]
    public void CreatePackagePages()
    {
        pages = Directory.CreateTempSubdirectory("dokku-help-").FullName;
        File.WriteAllText(Path.Combine(pages, "DOKKU4001.md"), "# DOKKU4001: x");
    }

    [TearDown]
    public void Remove() => Directory.Delete(pages, recursive: true);

    [Test]
    public void The_package_pages_are_two_folders_above_the_task_assembly()
    {
        var assembly = Path.Combine(pages, "dokkudeploy", "0.1.0", "tasks", "net8.0", "DokkuDeploy.Tasks.dll");
        Assert.That(HelpPages.PackagePagesDirectoryOf(assembly), Is.EqualTo(Path.Combine(pages, "dokkudeploy", "0.1.0", "docs", "errors")));
    }

    [Test]
    public void The_running_task_assembly_looks_beside_itself()
    {
        var location = typeof(HelpPages).Assembly.Location;
        Assert.That(HelpPages.BesideTaskAssembly(null).PackagePagesDirectory, Is.EqualTo(HelpPages.PackagePagesDirectoryOf(location)));
    }

    [Test]
    public void A_page_the_package_has_is_linked_by_its_path()
    {
        var help = new HelpPages(pages, "https://example.invalid/docs/errors");
        Assert.That(help.LinkFor("DOKKU4001"), Is.EqualTo(Path.Combine(pages, "DOKKU4001.md")));
    }

    [TestCase("https://example.invalid/docs/errors", "https://example.invalid/docs/errors/DOKKU5001.md")]
    [TestCase("https://example.invalid/docs/errors/", "https://example.invalid/docs/errors/DOKKU5001.md")]
    [TestCase(" /src/DokkuDeploy/docs/errors ", "/src/DokkuDeploy/docs/errors/DOKKU5001.md")]
    public void A_page_the_package_lacks_is_looked_for_under_the_base_url(string baseUrl, string expected) =>
        Assert.That(new HelpPages(pages, baseUrl).LinkFor("DOKKU5001"), Is.EqualTo(expected));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("  ")]
    public void Without_a_page_or_a_base_url_there_is_no_link(string? baseUrl)
    {
        var help = new HelpPages(pages, baseUrl);
        Assert.That(help.LinkFor("DOKKU5001"), Is.Null);
        Assert.That(HelpPages.WithLink("Some message.", help.LinkFor("DOKKU5001")), Is.EqualTo("Some message."));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("CS0103")]
    [TestCase("DOKKU12")]
    [TestCase("DOKKU12345")]
    [TestCase("DOKKU../x")]
    public void Only_DOKKU_codes_get_a_link(string? code) =>
        Assert.That(new HelpPages(pages, "https://example.invalid").LinkFor(code), Is.Null);

    [Test]
    public void The_link_ends_the_message() =>
        Assert.That(HelpPages.WithLink("Check DokkuRemote.", "/p/docs/errors/DOKKU4001.md"), Is.EqualTo("Check DokkuRemote. Help: /p/docs/errors/DOKKU4001.md"));

    [Test]
    public void An_error_carries_the_link_as_help_link_and_at_the_end_of_its_message()
    {
        var engine = new RecordingBuildEngine();
        var log = new MSBuildDeployLog(new TaskLoggingHelper(engine, "DeployToDokku"), new HelpPages(pages, null));
        log.Error("DOKKU4001", "Cannot connect to the Dokku server example.invalid:22.");

        var page = Path.Combine(pages, "DOKKU4001.md");
        Assert.That(engine.Errors.Single().Code, Is.EqualTo("DOKKU4001"));
        Assert.That(engine.Errors.Single().HelpLink, Is.EqualTo(page));
        Assert.That(engine.Errors.Single().Message, Is.EqualTo($"Cannot connect to the Dokku server example.invalid:22. Help: {page}"));
    }

    [Test]
    public void A_warning_carries_the_link_too()
    {
        var engine = new RecordingBuildEngine();
        var log = new MSBuildDeployLog(new TaskLoggingHelper(engine, "DeployToDokku"), new HelpPages(pages, "https://example.invalid/errors"));
        log.Warning("DOKKU5011", "The image is sent again in full.");

        Assert.That(engine.Warnings.Single().Code, Is.EqualTo("DOKKU5011"));
        Assert.That(engine.Warnings.Single().HelpLink, Is.EqualTo("https://example.invalid/errors/DOKKU5011.md"));
        Assert.That(engine.Warnings.Single().Message, Does.EndWith(" Help: https://example.invalid/errors/DOKKU5011.md"));
    }

    [Test]
    public void A_task_error_links_the_page_under_DokkuHelpBaseUrl_when_run_outside_a_package()
    {
        var publish = Directory.CreateTempSubdirectory("dokku-help-task-").FullName;
        try
        {
            var engine = new RecordingBuildEngine();
            var task = new DeployToDokku
            {
                BuildEngine = engine,
                ProjectDirectory = publish,
                PublishDirectory = publish,
                EntryAssembly = "App.dll",
                GeneratedDockerfile = Path.Combine(publish, "obj", "Dockerfile"),
                BaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0",
                Remote = "dokku@example.invalid:app",
                App = "Bad_Name",
                HelpBaseUrl = ErrorCodeInventory.PagesDirectory,
            };

            Assert.That(task.Execute(), Is.False);
            var page = $"{ErrorCodeInventory.PagesDirectory}/DOKKU1005.md";
            Assert.That(engine.Errors.Single().Code, Is.EqualTo("DOKKU1005"));
            Assert.That(engine.Errors.Single().HelpLink, Is.EqualTo(page));
            Assert.That(engine.Errors.Single().Message, Does.EndWith($" Help: {page}"));
            Assert.That(File.Exists(page), Is.True, "the link names a page that exists");
        }
        finally
        {
            Directory.Delete(publish, recursive: true);
        }
    }
}
