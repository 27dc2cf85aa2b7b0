namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// A developer's machine: the server is known by an alias in ~/.ssh/config (here through an Include), which names
/// its address, port, key and known_hosts file; the project says only <c>dokku@ALIAS:app</c>, as git remotes do.
/// </summary>
public sealed class SshConfigDeployTests : SampleAppTest
{
    [Test]
    public async Task Deploys_to_an_ssh_config_alias()
    {
        var home = Directory.CreateTempSubdirectory("dokkudeploy-ssh-config-home-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(home, ".ssh", "config.d"));
            File.WriteAllText(Path.Combine(home, ".ssh", "config"), "Include config.d/*\n\nHost *\n  Port 1\n");
            File.WriteAllText(Path.Combine(home, ".ssh", "config.d", "dokku"), $"""
                # The test bed's Dokku
                Host dokku-testbed
                  HostName {testBed.SshHost}
                  Port {testBed.SshPort}
                  IdentityFile {testBed.SshKeyPath}
                  IdentitiesOnly yes
                  UserKnownHostsFile {testBed.KnownHostsPath}

                """);
            var environment = DeployRun.Environment(testBed, workspace.Root);
            environment["HOME"] = home;
            environment["DOTNET_CLI_HOME"] = home;
            var arguments = new[]
            {
                "publish", "HelloDokku", "-c", "Release", "-t:DokkuDeploy", "-nologo",
                $"-p:DokkuRemote={testBed.SshUser}@dokku-testbed:{app}", $"-p:DokkuBaseImage={testBed.AspNetImage}",
            };

            var result = await workspace.DotnetAsync(arguments, environment);

            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku!"));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
