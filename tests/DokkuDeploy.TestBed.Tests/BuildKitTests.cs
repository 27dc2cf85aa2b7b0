using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Testing;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// The Dockerfiles `docker init` and hand-tuned projects have (RUN --mount, FROM --platform=$BUILDPLATFORM,
/// ARG TARGETARCH), built through the Engine API on the test bed's real engine: with BuildKit they build and
/// read like `docker build --progress=plain`; the legacy builder refuses them, as it always did.
/// </summary>
public sealed class BuildKitTests
{
    readonly TestBedEnvironment testBed = TestBedEnvironment.Require();
    readonly List<string> tags = [];

    [TearDown]
    public async Task RemoveImages()
    {
        foreach (var tag in tags)
            await new DockerCli(testBed).RunAsync(["image", "rm", "-f", tag]);
    }

    // The nonce keeps BuildKit's cache (which outlives test runs) from skipping the RUN step and its output.
    readonly string nonce = Guid.NewGuid().ToString("N");

    string DockerInitStyle => $"""
        FROM --platform=$BUILDPLATFORM {testBed.BusyboxImage} AS build
        ARG TARGETARCH
        WORKDIR /source
        COPY app.txt .
        RUN --mount=type=cache,id=packages,target=/root/.cache \
            echo "restoring for $TARGETARCH" && echo {nonce} > /dev/null && cp app.txt /root/.cache/ && mkdir /app && cp app.txt /app/
        FROM {testBed.BusyboxImage}
        COPY --from=build /app /app
        CMD ["cat", "/app/app.txt"]
        """;

    [Test]
    public async Task A_docker_init_style_Dockerfile_builds_with_BuildKit_and_its_steps_and_output_are_logged()
    {
        var (engine, log) = await ConnectAsync();
        using var _ = engine;
        var builder = engine.ChooseBuilder(null);
        Assert.That(builder.BuildKit, Is.True, builder.Describe());

        var image = await engine.BuildImageAsync(ContextTar.Of(DockerInitStyle, ("app.txt", "hello")), "Dockerfile", Tag(), builder, CancellationToken.None);

        Assert.That(image.Id, Does.StartWith("sha256:"));
        Assert.That(log.Lines, Has.Some.StartWith("Building with BuildKit (Docker "));
        Assert.That(log.Lines, Has.Some.Matches(@"^#\d+ \[build \d/\d\] RUN --mount=type=cache"));
        Assert.That(log.Lines, Has.Some.Matches(@"^#\d+ restoring for (amd64|arm64)$"), "the RUN step's output, with TARGETARCH set:\n" + string.Join("\n", log.Lines));
    }

    [Test]
    public async Task The_legacy_builder_is_used_when_DOCKER_BUILDKIT_is_0_and_its_refusal_says_the_Dockerfile_needs_BuildKit()
    {
        var (engine, log) = await ConnectAsync();
        using var _ = engine;

        var error = await Assert.ThrowsAsync<DeployException>(() => engine.BuildImageAsync(
            ContextTar.Of(DockerInitStyle, ("app.txt", "hello")), "Dockerfile", Tag(), engine.ChooseBuilder("0"), CancellationToken.None));

        Assert.That(log.Lines, Has.Some.EqualTo("Building with the legacy builder (DOCKER_BUILDKIT=0)"));
        Assert.That(error!.Code, Is.EqualTo("DOKKU3021"), "not DOKKU3003: the legacy builder's 'failed to parse platform' is no missing base image");
        Assert.That(error.Message, Does.Contain("because of DOCKER_BUILDKIT=0").And.Contain("Unset DOCKER_BUILDKIT"));
    }

    [Test]
    public async Task A_failing_RUN_step_under_BuildKit_is_named_with_its_last_output()
    {
        var (engine, _) = await ConnectAsync();
        using var __ = engine;
        var dockerfile = $"FROM {testBed.BusyboxImage}\nRUN echo 'restore: package Foo 9.9 not found' && exit 3\n";

        var error = await Assert.ThrowsAsync<DeployException>(() => engine.BuildImageAsync(ContextTar.Of(dockerfile), "Dockerfile", Tag(), engine.ChooseBuilder(null), CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo("DOKKU3002"));
        Assert.That(error.Message, Does.Contain("step `[2/2] RUN echo 'restore: package Foo 9.9 not found' && exit 3` failed")
            .And.Contain("exit code: 3")
            .And.Contain("    restore: package Foo 9.9 not found"));
    }

    [Test]
    public async Task A_syntax_line_whose_frontend_cannot_be_fetched_is_a_coded_error_that_says_to_remove_it()
    {
        // The test bed reaches no registry but its own: docker/dockerfile:1 cannot be fetched, as on an offline build machine.
        var (engine, _) = await ConnectAsync();
        using var __ = engine;

        var error = await Assert.ThrowsAsync<DeployException>(() => engine.BuildImageAsync(
            ContextTar.Of($"# syntax=docker/dockerfile:1\nFROM {testBed.BusyboxImage}\n"), "Dockerfile", Tag(), engine.ChooseBuilder(null), CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo("DOKKU3020"));
        Assert.That(error.Message, Does.Contain("# syntax=docker/dockerfile:1").And.Contain("Remove the line"));
    }

    [Test]
    public async Task A_missing_base_image_under_BuildKit_is_named_as_written()
    {
        var (engine, _) = await ConnectAsync();
        using var __ = engine;

        var error = await Assert.ThrowsAsync<DeployException>(() => engine.BuildImageAsync(
            ContextTar.Of("FROM dokkudeploy-test/not-there:1\n"), "Dockerfile", Tag(), engine.ChooseBuilder(null), CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo("DOKKU3003"));
        Assert.That(error.Message, Does.Contain("'dokkudeploy-test/not-there:1'"));
    }

    string Tag()
    {
        var tag = $"dokkudeploy-test/buildkit:{Guid.NewGuid():N}"[..48];
        tags.Add(tag);
        return tag;
    }

    async Task<(DockerEngine Engine, LinesLog Log)> ConnectAsync()
    {
        var log = new LinesLog();
        var environment = new Dictionary<string, string?> { ["DOCKER_HOST"] = testBed.DockerHost, ["HOME"] = testBed.Root };
        var engine = await DockerEngine.ConnectAsync(DockerEndpoint.Resolve(name => environment.GetValueOrDefault(name)), log, CancellationToken.None);
        return (engine, log);
    }
}
