using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// Build context parity, differential: for several hundred .dockerignore files (and links, encodings,
/// modes, special files), the context the real docker CLI uploads for a classic build
/// (<c>DOCKER_BUILDKIT=0 docker build</c>, caught by <see cref="DockerIgnoreParityDaemon"/>) must be the
/// tar DokkuDeploy writes, entry for entry, or differ only where DokkuDeploy differs on purpose and says
/// so (<see cref="DockerIgnoreParityComparison.DeliberateReasons"/>); a file the CLI refuses we refuse.
/// </summary>
public sealed class DockerIgnoreParityTests
{
    const int Workers = 4;

    [Test]
    public async Task Our_context_holds_exactly_what_the_docker_cli_sends()
    {
        TestBedEnvironment.Require();
        var cli = await DockerCliOf23OrLaterAsync();
        var root = Directory.CreateTempSubdirectory("dokku-parity-").FullName;
        var cases = DockerIgnoreParityCases.All(full: true).Select((c, index) => (Index: index, Case: c)).ToList();
        var clock = Stopwatch.StartNew();
        try
        {
            var trees = Enumerable.Range(0, Workers).Select(w => DockerIgnoreParityTree.Create(Path.Combine(root, $"w{w}", "tree"), full: true)).ToArray();
            await using var daemon = new DockerIgnoreParityDaemon(Path.Combine("/tmp", $"dokku-parity-{Guid.NewGuid():N}"[..24] + ".sock"));
            var results = await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                var found = new List<Outcome>();
                foreach (var (index, @case) in cases.Where(c => c.Index % Workers == w))
                    found.Add(await CompareAsync(cli, daemon, trees[w], index, @case));
                return found;
            })));
            var validTime = clock.Elapsed;

            foreach (var (text, index) in DockerIgnoreParityCases.Invalid.Select((t, i) => (t, i + cases.Count)))
                results[0].Add(await CompareAsync(cli, daemon, trees[0], index, new ParityCase(text.Replace("\n", "\\n"), Encoding.UTF8.GetBytes(text))));

            var outcomes = results.SelectMany(r => r).OrderBy(o => o.Index).ToList();
            var count = (Verdict v) => outcomes.Count(o => o.Verdict == v);
            TestContext.Out.WriteLine(
                $"{outcomes.Count} cases ({DockerIgnoreParityCases.MixCount} seeded mixes, seed {DockerIgnoreParityCases.Seed}, " +
                $"{DockerIgnoreParityCases.Invalid.Length} invalid files) compared with {cli} in {clock.Elapsed.TotalSeconds:F1} s " +
                $"(valid ones: {validTime.TotalSeconds:F1} s, {Workers} at a time; capability file: {DockerIgnoreParityTree.HasCapabilityFile}): " +
                $"{count(Verdict.Same)} the same, {count(Verdict.Deliberate)} differ only on purpose, {count(Verdict.Differ)} differ.");
            foreach (var group in outcomes.Where(o => o.Verdict == Verdict.Deliberate).GroupBy(o => o.Description[(o.Description.IndexOf("\": ", StringComparison.Ordinal) + 3)..]))
                TestContext.Out.WriteLine($"\n{group.Count()} on purpose: {group.Key}\n  " + string.Join("\n  ", group.Take(6).Select(o => $"[{o.Index}] {o.Case.Label}")));
            var differ = outcomes.Where(o => o.Verdict == Verdict.Differ).Select(o => o.Description).ToList();
            if (differ.Count > 0)
                TestContext.Out.WriteLine("\nDiffer:\n" + string.Join("\n", differ));

            Assert.That(daemon.Unexpected, Is.Empty, "requests the parity daemon does not serve");
            Assert.That(outcomes, Has.Count.GreaterThanOrEqualTo(400), "cases compared");
            Assert.That(differ, Is.Empty, string.Join("\n\n", differ));
        }
        finally
        {
            DockerIgnoreParityTree.Delete(root);
        }
    }

    /// <summary>Docker 23+ (patternmatcher, go-archive) is what DokkuDeploy follows; the test bed's own CLI may be older.</summary>
    static async Task<string> DockerCliOf23OrLaterAsync()
    {
        string[] candidates = [Environment.GetEnvironmentVariable("DOKKU_PARITY_DOCKER_CLI") ?? "", "/usr/local/bin/docker", "/usr/bin/docker"];
        foreach (var cli in candidates.Where(File.Exists))
        {
            var version = await ProcessRunner.RunAsync(cli, ["--version"], new ProcessRunOptions());
            var match = System.Text.RegularExpressions.Regex.Match(version.StandardOutput, @"version (\d+)\.");
            if (version.ExitCode == 0 && match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 23)
                return cli;
        }

        Prerequisite.Missing("needs a docker CLI 23 or later (/usr/local/bin/docker, or DOKKU_PARITY_DOCKER_CLI): older ones match .dockerignore differently");
        return "";
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
            var tree = DockerIgnoreParityTree.Create(Path.Combine(root, "tree"), full: false);
            File.WriteAllText(Path.Combine(tree, DockerIgnore.FileName), dockerignore);
            await docker.RunCheckedAsync(["build", "-q", "-t", images[0], "."], tree);

            using var ours = new MemoryStream();
            await new BuildContextWriter().WriteAsync(
                ContextDirectory.Enumerate(tree, DockerIgnore.Load(tree, "Dockerfile"), new RecordingLog()), ours, CancellationToken.None);
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

    static async Task<Outcome> CompareAsync(string dockerCli, DockerIgnoreParityDaemon daemon, string tree, int index, ParityCase @case)
    {
        Arrange(tree, @case);
        try
        {
            var tag = $"dokku-parity:{index}";
            var cli = await ProcessRunner.RunAsync(dockerCli, ["build", "-t", tag, "."], new ProcessRunOptions
            {
                WorkingDirectory = tree,
                Environment = new Dictionary<string, string?> { ["DOCKER_HOST"] = daemon.DockerHost, ["DOCKER_BUILDKIT"] = "0", ["DOCKER_CONTEXT"] = null },
                Timeout = TimeSpan.FromSeconds(60),
            });
            var docker = new DockerSide(daemon.ContextFor(tag), daemon.DockerfileFor(tag), cli.ExitCode, cli.StandardError);
            return DockerIgnoreParityComparison.Compare(index, @case, docker, await OursAsync(tree));
        }
        finally
        {
            Restore(tree);
        }
    }

    /// <summary>What a deploy with the project's Dockerfile at the context root sends (as ContextPlan does it).</summary>
    static async Task<OurSide> OursAsync(string tree)
    {
        var log = new RecordingLog();
        try
        {
            var dockerfile = ContextDirectory.ResolveDockerfile(tree, "Dockerfile");
            using var tar = new MemoryStream();
            await new BuildContextWriter().WriteAsync(
                ContextDirectory.Enumerate(tree, DockerIgnore.Load(tree, dockerfile, log), log, dockerModes: true), tar, CancellationToken.None);
            return new OurSide(tar.ToArray(), dockerfile, null, null, log.Warnings);
        }
        catch (DeployException e)
        {
            return new OurSide(null, null, e.Code, e.Message, log.Warnings);
        }
    }

    static void Arrange(string tree, ParityCase @case)
    {
        var ignore = Path.Combine(tree, DockerIgnore.FileName);
        if (@case.DockerIgnoreLink is { } link)
        {
            var target = link.Replace("{tree}", tree);
            if (target != "nowhere")
                File.WriteAllBytes(Path.Combine(tree, target), @case.DockerIgnore);
            File.CreateSymbolicLink(ignore, target);
        }
        else
        {
            File.WriteAllBytes(ignore, @case.DockerIgnore);
        }

        if (@case.DockerfileLink is { } dockerfileLink)
        {
            var target = dockerfileLink.Replace("{tree}", tree);
            var full = Path.Combine(tree, target);
            if (!File.Exists(full))
                File.WriteAllText(full, DockerfileText);
            File.Delete(Path.Combine(tree, "Dockerfile"));
            File.CreateSymbolicLink(Path.Combine(tree, "Dockerfile"), target);
        }
    }

    static void Restore(string tree)
    {
        File.Delete(Path.Combine(tree, DockerIgnore.FileName));
        File.Delete(Path.Combine(tree, "docker", "ign.txt"));
        File.Delete(Path.Combine(tree, "..", "outside.ign"));
        File.Delete(Path.Combine(tree, "Dockerfile"));
        File.WriteAllText(Path.Combine(tree, "Dockerfile"), DockerfileText);
    }

    const string DockerfileText = "FROM scratch\nCOPY . /ctx/\n";

    sealed class RecordingLog : IDeployLog
    {
        readonly List<(string Code, string Message)> warnings = [];

        public IReadOnlyList<(string Code, string Message)> Warnings => warnings;

        public void Step(string message)
        {
        }

        public void Detail(string message)
        {
        }

        public void Warning(string code, string message) => warnings.Add((code, message));
    }
}
