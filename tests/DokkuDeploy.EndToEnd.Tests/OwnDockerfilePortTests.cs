using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// A Dockerfile of the project's own whose app listens on 8080 (the .NET 8+ default) still answers on
/// the app's URL, port 80: Visual Studio's with <c>EXPOSE 8080 8081</c> (which Dokku alone would map as
/// http:8080:8080 and http:8081:8081) and docker init's with no EXPOSE (which Dokku alone would send to
/// 5000). DokkuDeploy sets <c>ports:set APP http:80:8080</c>, and Dokku's health check polls 8080.
/// </summary>
public sealed class OwnDockerfilePortTests : SampleAppTest
{
    string Dockerfile(string expose) => $"""
        FROM {testBed.AspNetImage}
        WORKDIR /app
        COPY bin/Release/net10.0/publish/ ./
        {expose}
        USER 1654
        ENTRYPOINT ["dotnet", "HelloDokku.dll"]
        """;

    async Task<string> DeployAsync(string dockerfile)
    {
        // The base image's own ASPNETCORE_HTTP_PORTS=8080 is what the app listens on: nothing here sets a port.
        File.WriteAllText(Path.Combine(workspace.Project, "Dockerfile"), dockerfile);
        File.WriteAllText(Path.Combine(workspace.Project, ".dockerignore"), "obj/\n**/*.pdb\n");
        await workspace.CommitAllAsync("A Dockerfile of the project's own, listening on 8080");

        var result = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuVerifyUrl=/health");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("ports:set").Or.Contain("http:80:8080"), "the log says how port 80 reaches the app");
        var url = DeployRun.AppUrl(result);
        Assert.That(new Uri(url).Port, Is.EqualTo(80), $"the app's URL is on port 80: {url}");
        Assert.That(await DeployRun.GetAsync(url), Is.EqualTo("Hello from HelloDokku!"));
        return url;
    }

    async Task<string> PortMapAsync()
    {
        var report = await new StandInShell(testBed).RunAsync($"ports:report {app} --ports-map");
        Assert.That(report.ExitCode, Is.Zero, report.ToString());
        return report.StandardOutput.Trim();
    }

    [Test]
    public async Task Visual_Studios_Dockerfile_exposing_8080_and_8081_answers_on_port_80()
    {
        await DeployAsync(Dockerfile("EXPOSE 8080\nEXPOSE 8081"));
        Assert.That(await PortMapAsync(), Is.EqualTo("http:80:8080"));
    }

    [Test]
    public async Task A_Dockerfile_without_EXPOSE_on_8080_answers_on_port_80_and_a_second_deploy_changes_no_ports()
    {
        await DeployAsync(Dockerfile(""));
        Assert.That(await PortMapAsync(), Is.EqualTo("http:80:8080"));

        workspace.ReplaceInProgram("Hello from HelloDokku!", "Hello again from HelloDokku!");
        var second = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        Assert.That(second.StandardOutput, Does.Not.Contain("ports:set"), "the app's map is already right: no command");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(second)), Is.EqualTo("Hello again from HelloDokku!"));
    }

    [Test]
    public async Task A_port_map_of_the_users_own_is_left_alone()
    {
        var set = await new StandInShell(testBed).RunAsync($"apps:create {app}");
        Assert.That(set.ExitCode, Is.Zero, set.ToString());
        var map = await new StandInShell(testBed).RunAsync($"ports:set {app} http:8080:8080");
        Assert.That(map.ExitCode, Is.Zero, map.ToString());
        File.WriteAllText(Path.Combine(workspace.Project, "Dockerfile"), Dockerfile("EXPOSE 8080"));
        await workspace.CommitAllAsync("A Dockerfile of the project's own, listening on 8080");

        var result = await DeployRun.PublishAsync(workspace, testBed, app);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(await PortMapAsync(), Is.EqualTo("http:8080:8080"));
        var url = DeployRun.AppUrl(result);
        Assert.That(new Uri(url).Port, Is.EqualTo(8080), url);
        Assert.That(await DeployRun.GetAsync(url), Is.EqualTo("Hello from HelloDokku!"));
    }
}
