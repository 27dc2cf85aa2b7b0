using System.Text.Json;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Tests.Dokku;
using DokkuDeploy.Tests.Errors;

namespace DokkuDeploy.Tests.Docker;

public sealed class BuildOutputReaderTests
{
    static (BuildOutputReader Reader, RecordingLog Log) Read(params string[] jsonLines)
    {
        var log = new RecordingLog();
        var reader = new BuildOutputReader(log);
        foreach (var line in jsonLines)
        {
            reader.Report(line);
        }

        reader.Flush();
        return (reader, log);
    }

    static (BuildOutputReader Reader, RecordingLog Log) ReadTrace(string name) =>
        Read(File.ReadAllLines(Path.Combine(ErrorCodeInventory.RepositoryRoot, "tests", "DokkuDeploy.Tests", "Docker", "BuildKitTraces", name + ".jsonl")));

    static string Stream(string text) => JsonSerializer.Serialize(new { stream = text });

    static string Error(string text) => JsonSerializer.Serialize(new { errorDetail = new { message = text }, error = text });

    [Test]
    public void Lines_split_across_messages_are_logged_whole_and_in_order()
    {
        var (reader, log) = Read(Stream("Step 1/2 : FROM base\n ---> 12"), Stream("34\nStep 2/2 : COPY app/ ./\n"), Stream("Successfully built abc\r\n"));
        Assert.That(log.Details, Is.EqualTo(new[] { "Step 1/2 : FROM base", " ---> 1234", "Step 2/2 : COPY app/ ./", "Successfully built abc" }));
        Assert.That(reader.Error, Is.Null);
    }

    [Test]
    public void An_error_in_the_FROM_step_names_the_base_image_whatever_the_engine_says()
    {
        var (reader, _) = Read(Stream("Step 1/7 : FROM 127.0.0.1:5000/missing:1\n"), Error("manifest unknown"));
        Assert.That(reader.Error, Is.EqualTo("manifest unknown"));
        Assert.That(reader.MissingBaseImage, Is.EqualTo("127.0.0.1:5000/missing:1"));
    }

    [Test]
    public void An_error_in_a_later_step_is_a_build_error()
    {
        var (reader, _) = Read(Stream("Step 1/3 : FROM base AS build\n"), Stream("Step 2/3 : COPY nope ./\n"), Error("COPY failed: file not found"));
        Assert.That(reader.Error, Does.Contain("COPY failed"));
        Assert.That(reader.MissingBaseImage, Is.Null);
    }

    [Test]
    public void The_first_error_is_the_one_kept()
    {
        var (reader, _) = Read(Error("first"), Error("second"));
        Assert.That(reader.Error, Is.EqualTo("first"));
    }

    [Test]
    public void A_line_that_is_not_JSON_is_shown_as_it_is_and_does_not_fail_the_build()
    {
        var (reader, log) = Read("not json at all", Stream("ok\n"));
        Assert.That(log.Details, Is.EqualTo(new[] { "not json at all", "ok" }));
        Assert.That(reader.Error, Is.Null);
    }

    [Test]
    public void BuildKit_progress_reads_like_docker_build_progress_plain_with_the_output_of_RUN_steps()
    {
        var (reader, log) = ReadTrace("run-with-cache-mount");

        Assert.That(reader.Error, Is.Null);
        Assert.That(log.Details, Does.Contain("#1 [internal] load remote build context"));
        Assert.That(log.Details, Has.Some.Matches(@"^#\d+ \[build 2/2\] RUN --mount=type=cache,target=/cache echo ""building for amd64"""), "ARG TARGETARCH expanded");
        Assert.That(log.Details, Has.Some.Matches(@"^#\d+ building for amd64$"), "stdout of the RUN step");
        Assert.That(log.Details, Has.Some.Matches(@"^#\d+ a warning$"), "stderr of the RUN step");
        Assert.That(log.Details, Has.Some.Matches(@"^#\d+ DONE \d+\.\ds$"));
        Assert.That(log.Details, Has.Some.Matches(@"^#\d+ \[stage-1 3/3\] COPY a.txt /a.txt$"));
        Assert.That(log.Details, Has.Some.EqualTo("Successfully tagged dokkudeploy-trace:1"));
        Assert.That(log.Details.Where(line => line.Contains("[build 2/2]")), Has.Exactly(1).Items, "each step is announced once");
    }

    [Test]
    public void A_repeated_BuildKit_build_shows_its_steps_as_cached()
    {
        var (reader, log) = ReadTrace("run-with-cache-mount-again");

        Assert.That(reader.Error, Is.Null);
        var runStep = log.Details.Single(line => line.Contains("[build 2/2] RUN")).Split(' ')[0];
        Assert.That(log.Details, Does.Contain($"{runStep} CACHED"));
        Assert.That(log.Details, Has.None.Matches(@"^#\d+ building for amd64$"), "a cached step does not run");
    }

    [Test]
    public void A_failed_BuildKit_step_is_named_with_its_last_output()
    {
        var (reader, log) = ReadTrace("run-fails");

        Assert.That(reader.Error, Does.Contain("exit code: 1"));
        Assert.That(reader.FailedStep, Is.EqualTo("[2/2] RUN echo about to fail && false"));
        Assert.That(reader.FailedStepOutput, Is.EqualTo(new[] { "about to fail" }));
        Assert.That(reader.MissingBaseImage, Is.Null);
        Assert.That(log.Details, Has.Some.Matches(@"^#\d+ ERROR: executor failed running"));
    }

    [Test]
    public void A_missing_base_image_under_BuildKit_is_named_as_the_Dockerfile_wrote_it()
    {
        var (reader, _) = ReadTrace("base-image-missing");

        Assert.That(reader.MissingBaseImage, Is.EqualTo("dokkudeploy-test/nosuch:1"));
        Assert.That(reader.MissingFrontend, Is.Null);
    }

    [Test]
    public void An_unreachable_syntax_frontend_is_recognised()
    {
        var (reader, _) = ReadTrace("syntax-frontend-unreachable");

        Assert.That(reader.MissingFrontend, Is.EqualTo("docker/dockerfile:1"));
        Assert.That(reader.Error, Does.Contain("frontend"));
    }

    [Test]
    public void A_BuildKit_message_that_is_not_valid_protobuf_is_skipped()
    {
        var (reader, log) = Read(JsonSerializer.Serialize(new { id = "moby.buildkit.trace", aux = Convert.ToBase64String([0x0a, 0xff]) }), Stream("ok\n"));
        Assert.That(reader.Error, Is.Null);
        Assert.That(log.Details, Is.EqualTo(new[] { "ok" }));
    }
}
