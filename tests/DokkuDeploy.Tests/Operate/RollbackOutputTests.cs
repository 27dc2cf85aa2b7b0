using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Operate;

/// <summary>How a redeploy of an earlier image reads Dokku's answer: a failed pull means the image is gone.</summary>
public sealed class RollbackOutputTests
{
    static readonly DokkuRemote Remote = new("dokku", "dokku.example", 22, "hello");

    static DokkuClient Client(Transcript answer) => new(new FakeRemoteShell(answer), new RecordingLog(), Remote);

    [Test]
    public async Task A_pull_that_fails_before_anything_was_committed_is_DOKKU8004()
    {
        // As Dokku 0.38's git-from-image trigger prints it: the docker pull's error, then the trigger exits.
        var answer = Transcript.Of("from-image-pull-denied", 1, [
            "-----> Generating build context",
            "-----> Pulling image",
            "Error response from daemon: pull access denied for dokku-deploy/hello, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
        ], []);

        var error = (await Assert.ThrowsAsync<DeployException>(() => Client(answer).RedeployImageAsync("hello", "dokku-deploy/hello:abc1234", CancellationToken.None)))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU8004"));
        Assert.That(error.Message, Does.Contain("dokku-deploy/hello:abc1234").And.Contain("pull access denied"));
    }

    [Test]
    public async Task A_failure_after_the_image_was_there_is_the_deploy_failure()
    {
        var answer = Transcript.Of("from-image-checks-failed", 1, [
            "-----> Generating build context",
            "-----> Image exists on host, skipping pull",
            "-----> Updating git repository with specified build context",
            " !     Could not start due to 1 failed checks (web.1)",
        ], []);

        var error = (await Assert.ThrowsAsync<DeployException>(() => Client(answer).RedeployImageAsync("hello", "dokku-deploy/hello:abc1234", CancellationToken.None)))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU5006"));
    }

    [Test]
    public async Task The_same_image_again_is_no_change()
    {
        var result = await Client(Transcript.Load("loadimage-same-image.txt")).RedeployImageAsync("hello", "hello:v3", CancellationToken.None);
        Assert.That(result.Outcome, Is.EqualTo(DeployOutcome.NoChanges));
    }
}
