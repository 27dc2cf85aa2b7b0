using DokkuDeploy.Core.Docker;

namespace DokkuDeploy.Tests.Docker;

public sealed class DockerPlatformTests
{
    [TestCase("linux/amd64", "linux/amd64")]
    [TestCase("linux/arm64", "linux/arm64")]
    [TestCase("linux/arm64/v8", "linux/arm64")]
    [TestCase("linux/aarch64", "linux/arm64")]
    [TestCase("linux/x86_64", "linux/amd64")]
    [TestCase("Linux/ARM64", "linux/arm64")]
    [TestCase("linux/arm/v7", "linux/arm/v7")]
    [TestCase("linux/armv7l", "linux/arm/v7")]
    [TestCase(" linux/s390x ", "linux/s390x")]
    public void Parses_what_docker_and_uname_call_a_platform(string text, string expected) =>
        Assert.That(DockerPlatform.TryParse(text)?.ToString(), Is.EqualTo(expected));

    [TestCase("")]
    [TestCase("arm64")]
    [TestCase("linux")]
    [TestCase("linux/")]
    [TestCase("linux/sparc")]
    [TestCase("linux/arm64/v8/extra")]
    [TestCase("linux/arm64/8")]
    public void Refuses_what_names_no_platform(string text) => Assert.That(DockerPlatform.TryParse(text), Is.Null);

    [TestCase("x86_64", "linux/amd64")]
    [TestCase("aarch64", "linux/arm64")]
    [TestCase("armv7l", "linux/arm/v7")]
    [TestCase("ppc64le", "linux/ppc64le")]
    [TestCase("riscv64", "linux/riscv64")]
    public void Machine_names_become_platforms(string machine, string expected) =>
        Assert.That(DockerPlatform.FromMachine(machine)!.ToString(), Is.EqualTo(expected));

    [TestCase("linux/amd64", "x64")]
    [TestCase("linux/arm64", "arm64")]
    [TestCase("linux/arm/v7", "arm")]
    [TestCase("linux/386", "x86")]
    public void Says_the_RuntimeIdentifier_architecture(string platform, string rid) =>
        Assert.That(DockerPlatform.TryParse(platform)!.RuntimeIdentifierArchitecture, Is.EqualTo(rid));

    [TestCase("linux/arm64", "linux/arm64", true)]
    [TestCase("linux/arm64", "linux/amd64", false)]
    [TestCase("linux/amd64", "linux/arm64", false)]
    [TestCase("linux/arm/v7", "linux/arm", true)]
    [TestCase("linux/arm", "linux/arm/v6", true)]
    [TestCase("linux/arm/v7", "linux/arm/v6", false)]
    [TestCase("linux/amd64", "windows/amd64", false)]
    public void A_server_runs_images_of_its_own_platform_only(string server, string image, bool runs) =>
        Assert.That(DockerPlatform.TryParse(server)!.Runs(DockerPlatform.TryParse(image)!), Is.EqualTo(runs));
}
