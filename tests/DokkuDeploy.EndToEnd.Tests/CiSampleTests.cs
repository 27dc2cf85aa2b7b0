using DokkuDeploy.Testing;
using YamlDotNet.RepresentationModel;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// The build-server samples in samples/ci run as a build server would run them: their deploy command,
/// with only the environment variables they set (the test bed's values in place of the CI secrets),
/// a HOME with nothing in it, and no prompt.
/// </summary>
public sealed class CiSampleTests : SampleAppTest
{
    static readonly string[] Secrets = ["DOKKU_REMOTE", "DOKKU_HOST_KEY", "DOKKU_SSH_KEY"];

    [Test]
    public async Task The_GitHub_Actions_workflow_deploys_on_a_push_to_main()
    {
        var workflow = Load("github-actions.yml");
        var branches = (YamlSequenceNode)workflow["on"]["push"]["branches"];
        Assert.That(branches.Children.Select(b => b.ToString()), Is.EqualTo(new[] { "main" }));

        var step = ((YamlSequenceNode)workflow["jobs"]["deploy"]["steps"]).Children.Single(s => Has(s, "run"));
        var variables = ((YamlMappingNode)step["env"]).Children.Keys.Select(k => k.ToString()).ToList();
        await AssertDeploysAsync(step["run"].ToString(), variables);
    }

    [Test]
    public async Task The_GitLab_CI_job_deploys_on_a_push_to_main()
    {
        var pipeline = Load("gitlab-ci.yml");
        var job = pipeline["deploy"];
        Assert.That(((YamlSequenceNode)job["rules"]).Children.Single()["if"].ToString(), Is.EqualTo("$CI_COMMIT_BRANCH == \"main\""));
        Assert.That(job["variables"]["DOCKER_TLS_VERIFY"].ToString(), Is.EqualTo("1"), "the dind engine is reached over TLS");

        var script = ((YamlSequenceNode)job["script"]).Children.Single().ToString();
        await AssertDeploysAsync(script, Secrets);
    }

    async Task AssertDeploysAsync(string command, IReadOnlyList<string> variables)
    {
        Assert.That(variables, Is.EquivalentTo(Secrets), "the sample sets the variables DokkuDeploy reads");
        var words = command.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(words[..2], Is.EqualTo(new[] { "dotnet", "publish" }), command);

        var home = Directory.CreateTempSubdirectory("dokkudeploy-ci-home-").FullName;
        try
        {
            var environment = DeployRun.Environment(testBed, workspace.Root);
            environment["HOME"] = home;
            environment["DOTNET_CLI_HOME"] = home;
            environment["DOKKU_REMOTE"] = $"ssh://{testBed.SshUser}@{testBed.SshHost}:{testBed.SshPort}/{app}";
            environment["DOKKU_HOST_KEY"] = File.ReadLines(testBed.KnownHostsPath).First(line => line.Trim().Length > 0 && !line.StartsWith('#'));
            environment["DOKKU_SSH_KEY"] = File.ReadAllText(testBed.SshKeyPath);

            // The project is named because the workspace holds more than the project; the base image is the
            // test bed's because no registry is reachable here. Everything else is the sample's command.
            string[] arguments = ["publish", "HelloDokku", .. words[2..], "-nologo", $"-p:DokkuBaseImage={testBed.AspNetImage}"];
            var result = await workspace.DotnetAsync(arguments, environment);

            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.StandardOutput, Does.Contain("from DOKKU_REMOTE"));
            Assert.That(result.StandardOutput, Does.Contain("Verified: "));
            Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku!"));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    static YamlNode Load(string name)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "samples", "ci", name));
        stream.Load(reader);
        return stream.Documents.Single().RootNode;
    }

    static bool Has(YamlNode node, string key) => node is YamlMappingNode map && map.Children.ContainsKey(new YamlScalarNode(key));
}
