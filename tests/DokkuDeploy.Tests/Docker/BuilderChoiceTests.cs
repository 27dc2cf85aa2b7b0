using DokkuDeploy.Core.Docker;

namespace DokkuDeploy.Tests.Docker;

public sealed class BuilderChoiceTests
{
    static EngineFacts Docker(string version = "20.10.24", string api = "1.41", string os = "linux") => new(version, api, os, "x86_64", IsPodman: false);

    [Test]
    public void A_Docker_engine_that_speaks_BuildKit_builds_with_it()
    {
        var choice = BuilderChoice.Choose(Docker(), null);
        Assert.That(choice.BuildKit, Is.True);
        Assert.That(choice.Describe(), Does.Contain("BuildKit").And.Contain("Docker 20.10.24").And.Contain("DOCKER_BUILDKIT=0"));
    }

    [TestCase("0", false)]
    [TestCase("false", false)]
    [TestCase("1", true)]
    [TestCase("TRUE", true)]
    public void DOCKER_BUILDKIT_decides_as_it_does_for_the_docker_CLI(string setting, bool buildKit)
    {
        var choice = BuilderChoice.Choose(Docker(), setting);
        Assert.That(choice.BuildKit, Is.EqualTo(buildKit));
        Assert.That(choice.Reason, Does.Contain("DOCKER_BUILDKIT=" + setting));
    }

    [Test]
    public void An_engine_older_than_BuildKit_uses_the_legacy_builder_and_says_why()
    {
        var choice = BuilderChoice.Choose(Docker("18.06.3", "1.38"), null);
        Assert.That(choice.BuildKit, Is.False);
        Assert.That(choice.Reason, Does.Contain("predates BuildKit").And.Contain("upgrade"));
    }

    [Test]
    public void Podman_and_Windows_engines_use_the_legacy_API()
    {
        Assert.That(BuilderChoice.Choose(new EngineFacts("5.4.2", "1.41", "linux", "amd64", IsPodman: true), null).BuildKit, Is.False);
        Assert.That(BuilderChoice.Choose(Docker(os: "windows"), null).BuildKit, Is.False);
    }
}
