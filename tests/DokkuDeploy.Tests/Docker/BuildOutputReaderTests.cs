using Docker.DotNet.Models;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Docker;

public sealed class BuildOutputReaderTests
{
    static (BuildOutputReader Reader, RecordingLog Log) Read(params JSONMessage[] messages)
    {
        var log = new RecordingLog();
        var reader = new BuildOutputReader(log);
        foreach (var message in messages)
        {
            reader.Report(message);
        }

        reader.Flush();
        return (reader, log);
    }

    static JSONMessage Stream(string text) => new() { Stream = text };

    static JSONMessage Error(string text) => new() { Error = new JSONError { Message = text } };

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
}
