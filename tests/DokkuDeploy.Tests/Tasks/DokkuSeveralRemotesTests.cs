using DokkuDeploy.Tasks;
using DokkuDeploy.Tests.Errors;

namespace DokkuDeploy.Tests.Tasks;

/// <summary>The error the operate targets report when several DokkuRemote items leave the app to act on open.</summary>
public sealed class DokkuSeveralRemotesTests
{
    [Test]
    public void It_fails_with_DOKKU8009_naming_every_remote_and_linking_its_page()
    {
        var engine = new RecordingBuildEngine();
        var task = new DokkuSeveralRemotes
        {
            BuildEngine = engine,
            Remotes = ["dokku@eu.example.com:shop", "dokku@us.example.com:shop"],
            HelpBaseUrl = ErrorCodeInventory.PagesDirectory,
        };

        Assert.That(task.Execute(), Is.False);
        var error = engine.Errors.Single();
        Assert.That(error.Code, Is.EqualTo("DOKKU8009"));
        Assert.That(error.Message, Does.StartWith(
            "The project names several servers (DokkuRemote items: dokku@eu.example.com:shop, dokku@us.example.com:shop), and DokkuRollback, " +
            "DokkuLogs, DokkuStatus and DokkuConfigSync act on one app at a time. Name the one to act on, e.g. `-p:DokkuRemote=dokku@host:app` " +
            "with one of those, and run the target once per server. Help: "));
        Assert.That(error.HelpLink, Does.EndWith("DOKKU8009.md"));
    }
}
