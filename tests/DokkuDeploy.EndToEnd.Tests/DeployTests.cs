using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>The user's flow: add the package, `dotnet publish -t:DokkuDeploy`, the app answers.</summary>
public sealed class DeployTests : SampleAppTest
{
    [Test]
    public async Task The_sample_deploys_answers_and_a_one_line_change_deploys_the_new_answer()
    {
        var clock = Stopwatch.StartNew();
        var first = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuVerifyUrl=/health");
        var firstSeconds = clock.Elapsed.TotalSeconds;
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.StandardOutput, Does.Contain($"Creating app '{app}'"));
        Assert.That(first.StandardOutput, Does.Contain("Verified: "));
        // The first progress line once read "Sent 0 B of about 153.4 MB, 0 B/s, about 160841948 s left".
        Assert.That(first.StandardOutput, Does.Not.Contain(" 0 B/s"));
        foreach (Match left in Regex.Matches(first.StandardOutput, @"about (\d+) s left"))
        {
            Assert.That(int.Parse(left.Groups[1].Value), Is.LessThan(3600), left.Value);
        }

        var url = DeployRun.AppUrl(first);
        Assert.That(await DeployRun.GetAsync(url), Is.EqualTo("Hello from HelloDokku!"));

        workspace.ReplaceInProgram("Hello from HelloDokku!", "Hello again from HelloDokku!");
        clock.Restart();
        var second = await DeployRun.PublishAsync(workspace, testBed, app);
        var secondSeconds = clock.Elapsed.TotalSeconds;
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        Assert.That(second.StandardOutput, Does.Not.Contain("Creating app"));
        Assert.That(second.StandardOutput, Does.Contain("-dirty"), "a change not yet committed marks the image tag");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(second)), Is.EqualTo("Hello again from HelloDokku!"));
        TestContext.Out.WriteLine($"first deploy {firstSeconds:0.0} s, second deploy {secondSeconds:0.0} s (each including dotnet publish)");
    }

    /// <summary>The server's `docker load` takes the gzip stream: the image arrives in fewer bytes than it has, and runs.</summary>
    [Test]
    public async Task A_gzipped_first_deploy_loads_and_the_app_answers()
    {
        var result = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuCompress=gzip");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("DokkuCompress=gzip"), "the sending line says why it is gzipped");
        var image = double.Parse(Regex.Match(result.StandardOutput, @"Sending \S+ \(([\d.]+) MB;").Groups[1].Value, CultureInfo.InvariantCulture);
        var sent = double.Parse(Regex.Match(result.StandardOutput, @"\(([\d.]+) MB sent\)").Groups[1].Value, CultureInfo.InvariantCulture);
        TestContext.Out.WriteLine($"image {image} MB, sent {sent} MB");
        Assert.That(sent, Is.LessThan(image * 0.8), "gzip leaves the wire well under the image");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku!"));
    }

    [Test]
    public async Task Deploying_the_same_commit_again_reports_already_deployed_and_succeeds()
    {
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());

        var again = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuVerifyUrl=true", "-p:DokkuTimings=true");
        TestContext.Out.WriteLine(string.Join("\n", again.StandardOutput.Split('\n').Where(l => l.Contains("Timeline") || l.Contains(" s  ") || l.Contains("step(s)"))));
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(again.StandardOutput, Does.Contain("already runs this image"));
        Assert.That(again.StandardOutput, Does.Not.Contain("Sending"), "a clean commit already running is not sent at all");
        Assert.That(again.StandardOutput, Does.Not.Contain("wait for the deploy lock"), "nothing changes, so no lock is asked for");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(again)), Is.EqualTo("Hello from HelloDokku!"));
    }

    [Test]
    public async Task The_Dokku_publish_profile_deploys_on_publish()
    {
        var arguments = DeployRun.Arguments(testBed, app, "-p:PublishProfile=Dokku")
            .Where(a => a != "-t:DokkuDeploy").ToArray();
        var result = await workspace.DotnetAsync(arguments, DeployRun.Environment(testBed, workspace.Root));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku!"));
    }

    /// <summary>The way Visual Studio (and `msbuild /p:DeployOnBuild=true`) publishes a profile: a build that publishes into obj/…/PubTmp/Out.</summary>
    [Test]
    public async Task The_Dokku_publish_profile_deploys_from_a_build_with_DeployOnBuild_as_Visual_Studio_publishes()
    {
        var arguments = DeployRun.Arguments(testBed, app, "-p:DeployOnBuild=true", "-p:PublishProfile=Dokku")
            .Select(a => a == "publish" ? "build" : a)
            .Where(a => a != "-t:DokkuDeploy").ToArray();
        var result = await workspace.DotnetAsync(arguments, DeployRun.Environment(testBed, workspace.Root));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("PubTmp/Out"));
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku!"));
    }

    [Test]
    public async Task Config_reaches_the_app_and_a_secret_never_reaches_a_log()
    {
        // One canary per source the task reads itself: the environment, the user-secrets store, a file.
        const string fromEnvironment = "canary-7f3a9e1c-env", fromUserSecrets = "canary-0b5d22aa-usersecrets", fromFile = "canary-93e1c4f7-file";
        var userSecretsId = "dokkudeploy-e2e-" + Guid.NewGuid().ToString("N");
        var store = Path.Combine(System.Environment.GetEnvironmentVariable("HOME")!, ".microsoft", "usersecrets", userSecretsId);
        Directory.CreateDirectory(store);
        try
        {
            File.WriteAllText(Path.Combine(store, "secrets.json"), $$"""{ "Db": { "Password": "{{fromUserSecrets}}" } }""");
            File.WriteAllText(Path.Combine(workspace.Root, "signing.key"), fromFile + "\n");
            workspace.ReplaceInProgram("config[\"GREETING\"]",
                "config[\"GREETING\"] + (config[\"API_TOKEN\"] == \"" + fromEnvironment + "\" && config[\"DB_PASSWORD\"] == \"" + fromUserSecrets +
                "\" && config[\"SIGNING_KEY\"] == \"" + fromFile + "\" ? \" secrets-ok\" : \" secrets-missing\")");
            File.WriteAllText(Path.Combine(workspace.Project, "Directory.Build.targets"), $$"""
                <Project>
                  <PropertyGroup>
                    <UserSecretsId>{{userSecretsId}}</UserSecretsId>
                  </PropertyGroup>
                  <ItemGroup>
                    <DokkuConfig Include="GREETING" Value="hi-there" />
                    <DokkuConfig Include="API_TOKEN" FromEnvironment="E2E_API_TOKEN" />
                    <DokkuConfig Include="DB_PASSWORD" FromUserSecrets="db:password" />
                    <DokkuConfig Include="SIGNING_KEY" FromFile="../signing.key" />
                  </ItemGroup>
                </Project>
                """);
            var binlog = Path.Combine(workspace.Root, "config.binlog");
            var environment = DeployRun.Environment(testBed, workspace.Root);
            environment["E2E_API_TOKEN"] = fromEnvironment;
            string[] secrets = [fromEnvironment, fromUserSecrets, fromFile];
            // The base64 too: that is how a value would travel on a command line (config:set --encoded).
            using var watch = new CommandLineWatch([.. secrets, .. secrets.Select(Base64)]);
            var result = await workspace.DotnetAsync(DeployRun.Arguments(testBed, app, "-v:diag"), environment, binlog);
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(watch.Stop(), Is.Empty, "command lines of the processes running during the deploy, the server's included");
            Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku! hi-there secrets-ok"));

            var output = result.StandardOutput + result.StandardError;
            Assert.That(output, Does.Contain("config:import --no-restart --format json").And.Not.Contain("DOKKU5014").And.Not.Contain("DOKKU1113"));
            var replay = await workspace.DotnetAsync(["msbuild", binlog, "-v:diag", "-noconlog", $"-flp:logfile={binlog}.txt;verbosity=diagnostic"]);
            Assert.That(replay.ExitCode, Is.Zero, replay.ToString());
            var replayed = File.ReadAllText(binlog + ".txt");
            Assert.That(replayed, Does.Contain("API_TOKEN").And.Contain("db:password"), "the replay is the deploy's log");
            foreach (var secret in secrets.Concat(secrets.Select(Base64)))
            {
                Assert.That(output, Does.Not.Contain(secret), "diagnostic console log");
                Assert.That(replayed, Does.Not.Contain(secret), "binary log");
            }
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    static string Base64(string value) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value));

    [Test]
    public async Task A_project_Dockerfile_is_used_instead_of_the_generated_one()
    {
        File.WriteAllText(Path.Combine(workspace.Project, "Dockerfile"), $"""
            FROM {testBed.AspNetImage}
            WORKDIR /app
            COPY bin/Release/net10.0/publish/ ./
            ENV ASPNETCORE_HTTP_PORTS=5000 GREETING=from-own-dockerfile
            EXPOSE 5000
            USER 1654
            ENTRYPOINT ["dotnet", "HelloDokku.dll"]
            """);
        File.WriteAllText(Path.Combine(workspace.Project, ".dockerignore"), "obj/\n**/*.pdb\n");
        await workspace.CommitAllAsync("A Dockerfile of the project's own");

        var result = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("the project's Dockerfile"));
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku! from-own-dockerfile"));
    }
}
