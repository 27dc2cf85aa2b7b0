using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// .dockerignore parity, differential: for each of several hundred .dockerignore files, the context the
/// real docker CLI uploads for a classic build (<c>DOCKER_BUILDKIT=0 docker build</c>, caught by
/// <see cref="DockerIgnoreParityDaemon"/>) must hold exactly the entries our <see cref="ContextDirectory"/>
/// walk gives, and a file the CLI refuses we refuse with DOKKU2001.
/// </summary>
public sealed class DockerIgnoreParityTests
{
    const int Workers = 4;

    [Test]
    public async Task Our_context_holds_exactly_what_the_docker_cli_sends()
    {
        var testBed = TestBedEnvironment.Require();
        var root = Directory.CreateTempSubdirectory("dokku-parity-").FullName;
        var cases = DockerIgnoreParityCases.All().Select((text, index) => (Index: index, Text: text)).ToList();
        var clock = Stopwatch.StartNew();
        try
        {
            var trees = Enumerable.Range(0, Workers).Select(w => CreateTree(Path.Combine(root, $"w{w}"))).ToArray();
            await using var daemon = new DockerIgnoreParityDaemon(Path.Combine("/tmp", $"dokku-parity-{Guid.NewGuid():N}"[..24] + ".sock"));
            var results = await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                var found = new List<Difference>();
                foreach (var (index, text) in cases.Where(c => c.Index % Workers == w))
                    found.AddRange(await CompareAsync(testBed, daemon, trees[w], index, text, invalid: false));
                return found;
            })));
            var validTime = clock.Elapsed;

            var invalidDifferences = new List<Difference>();
            foreach (var (text, index) in DockerIgnoreParityCases.Invalid.Select((t, i) => (t, i + cases.Count)))
                invalidDifferences.AddRange(await CompareAsync(testBed, daemon, trees[0], index, text, invalid: true));

            var differences = results.SelectMany(r => r).Concat(invalidDifferences).OrderBy(d => d.Index).ToList();
            var explained = differences.Select(d => (Difference: d, Reason: DockerIgnoreParityVersions.Explain(d.Text, d.Paths))).ToList();
            TestContext.Out.WriteLine(
                $"{cases.Count} .dockerignore files ({DockerIgnoreParityCases.MixCount} seeded mixes, seed {DockerIgnoreParityCases.Seed}) " +
                $"and {DockerIgnoreParityCases.Invalid.Length} invalid ones compared with {testBed.DockerCli} in {clock.Elapsed.TotalSeconds:F1} s " +
                $"(valid ones: {validTime.TotalSeconds:F1} s, {Workers} at a time); {differences.Count} differ, " +
                $"{explained.Count(e => e.Reason is null)} without a Docker 20.10 -> 23+ change to explain it.");
            foreach (var group in explained.Where(e => e.Reason is not null).GroupBy(e => e.Reason))
            {
                TestContext.Out.WriteLine($"\n{group.Count()} explained by: {group.Key}");
                foreach (var (difference, _) in group)
                    TestContext.Out.WriteLine("  " + difference.Description);
            }

            Assert.That(daemon.Unexpected, Is.Empty, "requests the parity daemon does not serve");
            Assert.That(explained.Where(e => e.Reason is null).Select(e => e.Difference.Description), Is.Empty,
                string.Join("\n\n", explained.Where(e => e.Reason is null).Select(e => e.Difference.Description)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// The same comparison through the real engine, for a sample: the CLI builds the directory, we build our
    /// tar (<c>docker build -</c>), and the two images' /ctx must hold the same files. This covers what the
    /// daemon does after the upload (it drops Dockerfile and .dockerignore when .dockerignore excludes them).
    /// </summary>
    [TestCase("")]
    [TestCase("*\n!src")]
    [TestCase("**\n!**/*.cs")]
    [TestCase("Dockerfile\n.dockerignore")]
    [TestCase("*\n!Dockerfile")]
    [TestCase("*.md\n!README.md\n.git")]
    [TestCase("docs\n!docs/README.md\n!docs/img/logo.png")]
    [TestCase("node_modules\n!node_modules/pkg/index.js")]
    [TestCase("**/a\n!b/a/x")]
    [TestCase("x\n!x/y\nx/y/z\n!x/y/z/deep.txt")]
    [TestCase(".*\n!.env\ndir with space\n!dir with space/a b.txt")]
    [TestCase("link-to-src\n**/empty\n[a-c]*.txt\n\\#notes")]
    public async Task Images_built_from_the_cli_context_and_from_ours_hold_the_same_files(string dockerignore)
    {
        var testBed = TestBedEnvironment.Require();
        var docker = new DockerCli(testBed);
        var root = Directory.CreateTempSubdirectory("dokku-parity-engine-").FullName;
        var id = Guid.NewGuid().ToString("N")[..12];
        string[] images = [$"dokku-parity-cli:{id}", $"dokku-parity-ours:{id}"];
        string[] containers = [$"dokku-parity-cli-{id}", $"dokku-parity-ours-{id}"];
        try
        {
            var tree = CreateTree(Path.Combine(root, "tree"));
            File.WriteAllText(Path.Combine(tree, DockerIgnore.FileName), dockerignore);
            await docker.RunCheckedAsync(["build", "-q", "-t", images[0], "."], tree);

            using var ours = new MemoryStream();
            await new BuildContextWriter().WriteAsync(
                ContextDirectory.Enumerate(tree, DockerIgnore.Load(tree, "Dockerfile"), new SilentLog()), ours, CancellationToken.None);
            var built = await ProcessRunner.RunAsync(testBed.DockerCli, ["build", "-q", "-t", images[1], "-"], new ProcessRunOptions
            {
                Environment = testBed.DockerEnvironment,
                StandardInput = ours.ToArray(),
                Timeout = TimeSpan.FromMinutes(2),
            });
            Assert.That(built.ExitCode, Is.Zero, built.ToString());

            var listings = new List<string[]>();
            for (var i = 0; i < 2; i++)
            {
                await docker.RunCheckedAsync(["create", "--name", containers[i], images[i], "none"]);
                var export = Path.Combine(root, $"export{i}.tar");
                await docker.RunCheckedAsync(["export", "-o", export, containers[i]]);
                listings.Add(ImageListing(export));
            }

            if (dockerignore.Length == 0)
                Assert.That(listings[0].Count(l => !l.StartsWith("Directory ", StringComparison.Ordinal)),
                    Is.EqualTo(DockerIgnoreParityCases.Files.Length + DockerIgnoreParityCases.Symlinks.Length + 1), "every file and link (and the empty .dockerignore) reaches /ctx");
            Assert.That(listings[1], Is.EqualTo(listings[0]), "/ctx of the image built from our context vs from the CLI's");
        }
        finally
        {
            await docker.RunAsync(["rm", "-f", .. containers]);
            await docker.RemoveImagesAsync(images);
            Directory.Delete(root, recursive: true);
        }
    }

    static string[] ImageListing(string exportTar)
    {
        var entries = new List<string>();
        using var reader = new TarReader(File.OpenRead(exportTar));
        while (reader.GetNextEntry() is { } entry)
        {
            var name = entry.Name.TrimEnd('/');
            if (name.StartsWith("ctx/", StringComparison.Ordinal))
                entries.Add($"{entry.EntryType} {name[4..]}");
        }

        return entries.Order(StringComparer.Ordinal).ToArray();
    }

    sealed record Difference(int Index, string Text, string Description, IReadOnlyList<string> Paths);

    static async Task<IEnumerable<Difference>> CompareAsync(TestBedEnvironment testBed, DockerIgnoreParityDaemon daemon, string tree, int index, string text, bool invalid)
    {
        File.WriteAllText(Path.Combine(tree, DockerIgnore.FileName), text);
        var tag = $"dokku-parity:{index}";
        var cli = await ProcessRunner.RunAsync(testBed.DockerCli, ["build", "-t", tag, "."], new ProcessRunOptions
        {
            WorkingDirectory = tree,
            Environment = new Dictionary<string, string?> { ["DOCKER_HOST"] = daemon.DockerHost, ["DOCKER_BUILDKIT"] = "0", ["DOCKER_CONTEXT"] = null },
            Timeout = TimeSpan.FromSeconds(60),
        });
        var uploaded = daemon.ContextFor(tag);

        string[]? ours;
        string? ourError = null;
        try
        {
            ours = Entries(ContextDirectory.Enumerate(tree, DockerIgnore.Load(tree, "Dockerfile"), new SilentLog()));
        }
        catch (DeployException e)
        {
            ours = null;
            ourError = $"{e.Code}: {e.Message}";
        }

        var shown = text.Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t");
        if (invalid || uploaded is null)
        {
            if (uploaded is null && ourError is not null && ourError.StartsWith("DOKKU2001", StringComparison.Ordinal) && cli.ExitCode != 0)
                return [];
            return [new(index, text, $"[{index}] \"{shown}\": docker {(uploaded is null ? $"refused it (exit {cli.ExitCode}: {cli.StandardError.Trim()})" : "sent a context")}, " +
                $"we {(ourError is null ? "accepted it" : "refused it: " + ourError)}", [])];
        }

        if (ours is null)
            return [new(index, text, $"[{index}] \"{shown}\": docker sent a context, we refused it: {ourError}", [])];

        var docker = Entries(uploaded);
        var onlyDocker = docker.Except(ours).ToList();
        var onlyOurs = ours.Except(docker).ToList();
        if (onlyDocker.Count == 0 && onlyOurs.Count == 0)
            return [];
        return [new(index, text, $"[{index}] \"{shown}\": only docker sends [{string.Join(", ", onlyDocker)}]; only we send [{string.Join(", ", onlyOurs)}]",
            onlyDocker.Concat(onlyOurs).Select(e => e[2..]).ToList())];
    }

    static string[] Entries(IEnumerable<ContextFile> files) =>
        files.Select(f => f.Kind switch
        {
            ContextFileKind.Directory => "d " + f.Path,
            ContextFileKind.Symlink => "l " + f.Path,
            _ => "f " + f.Path,
        }).Order(StringComparer.Ordinal).ToArray();

    static string[] Entries(byte[] tar)
    {
        var entries = new List<string>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            var name = entry.Name.TrimEnd('/');
            entries.Add(entry.EntryType switch
            {
                TarEntryType.Directory => "d " + name,
                TarEntryType.SymbolicLink => "l " + name,
                _ => "f " + name,
            });
        }

        return entries.Order(StringComparer.Ordinal).ToArray();
    }

    static string CreateTree(string root)
    {
        foreach (var file in DockerIgnoreParityCases.Files)
        {
            var path = Path.Combine(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file == "Dockerfile" ? "FROM scratch\nCOPY . /ctx/\n" : file);
        }

        foreach (var directory in DockerIgnoreParityCases.EmptyDirectories)
            Directory.CreateDirectory(Path.Combine(root, directory));
        foreach (var (link, target) in DockerIgnoreParityCases.Symlinks)
            File.CreateSymbolicLink(Path.Combine(root, link), target);
        return root;
    }

    sealed class SilentLog : IDeployLog
    {
        public void Step(string message)
        {
        }

        public void Detail(string message)
        {
        }

        public void Warning(string code, string message)
        {
        }
    }
}
