using DokkuDeploy.Core.Docker;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Docker;

/// <summary>
/// What Docker 20.10 answered a build for linux/arm64 on linux/amd64 (seen on the test bed's engine, 2026-12-04), read
/// through the build output reader as a real build's output is.
/// </summary>
public sealed class PlatformFailureTests
{
    static BuildOutputReader Read(params string[] jsonLines)
    {
        var reader = new BuildOutputReader(new RecordingLog());
        foreach (var line in jsonLines)
        {
            reader.Report(line);
        }

        reader.Flush();
        return reader;
    }

    [Test]
    public void A_RUN_step_the_kernel_cannot_run_without_QEMU_is_DOKKU3015()
    {
        // The legacy builder, with the binfmt_misc entry for aarch64 switched off.
        var reader = Read(
            """{"stream":"Step 2/2 : RUN dotnet --list-runtimes\n"}""",
            """{"stream":" ---\u003e Running in 994f017f2d80\n"}""",
            """{"stream":"\u001b[91mexec /bin/sh: exec format error\n\u001b[0m"}""",
            """{"errorDetail":{"code":1,"message":"The command '/bin/sh -c dotnet --list-runtimes' returned a non-zero code: 1"},"error":"The command '/bin/sh -c dotnet --list-runtimes' returned a non-zero code: 1"}""");

        var error = DockerEngine.PlatformFailure(DockerPlatform.LinuxArm64, "linux/amd64", reader.Error!, reader.RecentOutput, reader.MissingBaseImage);

        Assert.Multiple(() =>
        {
            Assert.That(error?.Code, Is.EqualTo("DOKKU3015"));
            Assert.That(error!.Message, Does.Contain("linux/arm64").And.Contain("(linux/amd64)").And.Contain("binfmt_misc").And.Contain("qemu-user-static"));
            Assert.That(error.Message, Does.Contain("--platform=$BUILDPLATFORM"), "cross-compiling is the other way out");
        });
    }

    [Test]
    public void A_base_image_of_another_platform_only_is_DOKKU3016()
    {
        // The legacy builder, FROM an image the engine has for linux/amd64 only, then a second step.
        var reader = Read(
            """{"stream":"Step 1/3 : FROM dokkudeploy-test/busybox:latest\n"}""",
            """{"errorDetail":{"message":"failed to get destination image \"sha256:6aeb\": image with reference sha256:6aeb was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64"},"error":"failed to get destination image \"sha256:6aeb\": image with reference sha256:6aeb was found but does not match the specified platform: wanted linux/arm64, actual: linux/amd64"}""");

        var error = DockerEngine.PlatformFailure(DockerPlatform.LinuxArm64, "linux/amd64", reader.Error!, reader.RecentOutput, reader.MissingBaseImage);

        Assert.Multiple(() =>
        {
            Assert.That(error?.Code, Is.EqualTo("DOKKU3016"));
            Assert.That(error!.Message, Does.Contain("built for linux/arm64").And.Contain("docker pull --platform linux/arm64"));
        });
    }

    [Test]
    public void Any_other_failure_is_left_to_the_usual_errors()
    {
        var reader = Read(
            """{"stream":"Step 2/2 : RUN exit 3\n"}""",
            """{"errorDetail":{"code":3,"message":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"},"error":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"}""");

        Assert.That(DockerEngine.PlatformFailure(DockerPlatform.LinuxArm64, "linux/amd64", reader.Error!, reader.RecentOutput, reader.MissingBaseImage), Is.Null);
    }
}
