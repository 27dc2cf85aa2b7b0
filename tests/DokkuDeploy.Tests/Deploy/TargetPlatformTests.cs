using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Deploy;

public sealed class TargetPlatformTests
{
    static readonly DokkuRemote Arm = new("dokku", "arm.example", 22, "shop");
    static readonly DokkuRemote Intel = new("dokku", "intel.example", 22, "shop");

    [Test]
    public void DokkuPlatform_is_built_for_and_the_servers_word_is_kept_for_the_check()
    {
        var log = new RecordingLog();
        var target = TargetPlatform.Choose(DockerPlatform.LinuxAmd64, [(Arm, DockerPlatform.LinuxArm64), (Intel, null)], log);
        Assert.Multiple(() =>
        {
            Assert.That(target, Is.EqualTo(new TargetPlatform(DockerPlatform.LinuxAmd64, "DokkuPlatform is", DockerPlatform.LinuxArm64, "dokku@arm.example runs")));
            Assert.That(log.Warnings, Is.Empty, "DokkuPlatform says what a server that cannot tell runs");
        });
    }

    [Test]
    public void A_DokkuPlatform_the_server_contradicts_gives_an_image_that_is_DOKKU1131()
    {
        var target = TargetPlatform.Choose(DockerPlatform.LinuxAmd64, [(Arm, DockerPlatform.LinuxArm64)], new RecordingLog())!;
        var image = new ImageInfo("sha256:abc", [], 1) { Platform = DockerPlatform.LinuxAmd64 };
        var error = Assert.Throws<DeployException>(() => target.CheckImage("dokku-deploy/shop:1", image, ownDockerfile: false))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("DOKKU1131"));
            Assert.That(error.Message, Does.Contain("is for linux/amd64, and dokku@arm.example runs linux/arm64"));
            Assert.That(error.Message, Does.Contain("DokkuPlatform=linux/amd64").And.Contain("remove DokkuPlatform"));
        });
    }

    [Test]
    public void With_the_server_unknown_DokkuPlatform_is_what_the_image_must_be()
    {
        var target = TargetPlatform.Choose(DockerPlatform.LinuxArm64, [(Intel, null)], new RecordingLog())!;
        var error = Assert.Throws<DeployException>(() =>
            target.CheckImage("x", new ImageInfo("sha256:abc", [], 1) { Platform = DockerPlatform.LinuxAmd64 }, ownDockerfile: true))!;
        Assert.That(error.Message, Does.Contain("and DokkuPlatform is linux/arm64").And.Contain("--platform="));
    }

    [TestCase("linux/arm64", "linux/arm64")]
    [TestCase("  linux/amd64 ", "linux/amd64")]
    [TestCase("", null)]
    [TestCase(null, null)]
    public void DokkuPlatform_is_read_as_docker_names_platforms(string? setting, string? expected) =>
        Assert.That(TargetPlatform.ParseSetting(setting)?.ToString(), Is.EqualTo(expected));

    [TestCase("arm64")]
    [TestCase("linux/sparc")]
    [TestCase("linux-arm64")]
    public void A_DokkuPlatform_that_names_no_platform_is_DOKKU1130(string setting)
    {
        var error = Assert.Throws<DeployException>(() => TargetPlatform.ParseSetting(setting))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("DOKKU1130"));
            Assert.That(error.Message, Does.Contain(setting).And.Contain("linux/arm64"));
        });
    }

    [Test]
    public void The_servers_platform_is_built_for()
    {
        var target = TargetPlatform.Choose(null, [(Arm, DockerPlatform.LinuxArm64)], new RecordingLog())!;
        Assert.Multiple(() =>
        {
            Assert.That(target.Platform, Is.EqualTo(DockerPlatform.LinuxArm64));
            Assert.That(target.Source, Is.EqualTo("dokku@arm.example runs"));
        });
    }

    [Test]
    public void Servers_of_two_platforms_in_one_deploy_are_DOKKU1132()
    {
        var error = Assert.Throws<DeployException>(() =>
            TargetPlatform.Choose(null, [(Arm, DockerPlatform.LinuxArm64), (Intel, DockerPlatform.LinuxAmd64)], new RecordingLog()))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("DOKKU1132"));
            Assert.That(error.Message, Does.Contain("dokku@arm.example runs linux/arm64").And.Contain("dokku@intel.example runs linux/amd64"));
        });
    }

    [Test]
    public void A_server_whose_platform_is_unknown_warns_DOKKU1134_and_the_others_decide()
    {
        var log = new RecordingLog();
        var target = TargetPlatform.Choose(null, [(Arm, DockerPlatform.LinuxArm64), (Intel, null)], log);
        Assert.Multiple(() =>
        {
            Assert.That(target!.Platform, Is.EqualTo(DockerPlatform.LinuxArm64));
            Assert.That(log.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "DOKKU1134" }));
            Assert.That(log.Warnings[0].Message, Does.Contain("dokku@intel.example").And.Contain("DokkuPlatform"));
        });
    }

    [Test]
    public void With_no_platform_known_the_engines_own_is_built_for_unchecked() =>
        Assert.That(TargetPlatform.Choose(null, [(Intel, null)], new RecordingLog()), Is.Null);

    [Test]
    public void An_image_of_another_platform_is_DOKKU1131_with_the_fix()
    {
        var target = new TargetPlatform(DockerPlatform.LinuxArm64, "dokku@arm.example runs");
        var image = new ImageInfo("sha256:abc", [], 1) { Platform = DockerPlatform.LinuxAmd64 };
        var error = Assert.Throws<DeployException>(() => target.CheckImage("dokku-deploy/shop:1", image, ownDockerfile: true))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("DOKKU1131"));
            Assert.That(error.Message, Does.Contain("dokku-deploy/shop:1 is for linux/amd64, and dokku@arm.example runs linux/arm64"));
            Assert.That(error.Message, Does.Contain("nothing was sent").And.Contain("--platform="));
        });
    }

    [Test]
    public void An_image_of_the_targets_platform_passes()
    {
        var target = new TargetPlatform(DockerPlatform.LinuxArm64, "dokku@arm.example runs");
        Assert.DoesNotThrow(() => target.CheckImage("x", new ImageInfo("sha256:abc", [], 1) { Platform = DockerPlatform.LinuxArm64 }, ownDockerfile: false));
        Assert.DoesNotThrow(() => target.CheckImage("x", new ImageInfo("sha256:abc", [], 1), ownDockerfile: false), "an engine that names no platform is not second-guessed");
    }

    [TestCase("linux-x64", "linux-arm64")]
    [TestCase("linux-musl-x64", "linux-musl-arm64")]
    public void An_app_published_for_another_architecture_is_DOKKU1133(string rid, string suggested)
    {
        var target = new TargetPlatform(DockerPlatform.LinuxArm64, "dokku@arm.example runs");
        var shape = new AppShape { TargetFrameworkVersion = "v10.0", IsAspNetCore = true, SelfContained = true, RuntimeIdentifier = rid };
        var error = Assert.Throws<DeployException>(() => target.CheckPublishedFor(shape))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("DOKKU1133"));
            Assert.That(error.Message, Does.Contain($"published for {rid}").And.Contain($"-r {suggested}"));
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("linux-arm64")]
    [TestCase("win-x64")]
    public void A_portable_app_or_one_for_the_targets_architecture_passes(string? rid)
    {
        var target = new TargetPlatform(DockerPlatform.LinuxArm64, "dokku@arm.example runs");
        Assert.DoesNotThrow(() => target.CheckPublishedFor(new AppShape { TargetFrameworkVersion = "v10.0", IsAspNetCore = true, RuntimeIdentifier = rid }));
        Assert.DoesNotThrow(() => target.CheckPublishedFor(null));
    }
}
