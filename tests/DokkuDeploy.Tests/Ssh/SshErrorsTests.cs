using System.Net.Sockets;
using System.Reflection;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Ssh;
using Renci.SshNet.Common;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Ssh;

public class SshErrorsTests
{
    private static IEnumerable<MethodInfo> SshFactories() =>
        typeof(DeployErrors).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name.StartsWith("Ssh", StringComparison.Ordinal) && m.ReturnType == typeof(DeployException));

    private static DeployException Invoke(MethodInfo factory) =>
        (DeployException)factory.Invoke(null, factory.GetParameters().Select(p =>
            p.ParameterType == typeof(int) ? (object)2222 :
            p.ParameterType == typeof(string) ? $"<{p.Name}>" :
            p.ParameterType == typeof(IReadOnlyList<string>) ? new[] { $"<{p.Name}>" } :
            null).ToArray())!;

    [Test]
    public void Every_ssh_error_has_a_unique_code_in_the_4000_range_and_a_message_that_says_what_to_do()
    {
        var errors = SshFactories().Select(f => (f.Name, Error: Invoke(f))).ToList();

        Assert.That(errors, Has.Count.GreaterThanOrEqualTo(15));
        Assert.That(errors.Select(e => e.Error.Code), Is.Unique);
        foreach (var (name, error) in errors)
        {
            Assert.That(error.Code, Does.Match("^DOKKU4[0-9]{3}$"), name);
            Assert.That(error.Message.Length, Is.GreaterThan(80), name);
            TestContext.Out.WriteLine($"{error.Code} ({name}): {error.Message}\n");
        }
    }

    [TestCase(SocketError.HostNotFound, "DOKKU4001")]
    [TestCase(SocketError.TryAgain, "DOKKU4001")]
    [TestCase(SocketError.NoData, "DOKKU4001")]
    [TestCase(SocketError.ConnectionRefused, "DOKKU4002")]
    [TestCase(SocketError.TimedOut, "DOKKU4003")]
    [TestCase(SocketError.NetworkUnreachable, "DOKKU4004")]
    [TestCase(SocketError.HostUnreachable, "DOKKU4004")]
    public void Socket_errors_while_connecting_become_coded_errors(SocketError socketError, string code)
    {
        var error = SshLogin.ConnectError(
            new SocketException((int)socketError), new SshTarget("dokku.example.com", 22, "dokku"), null,
            new HostKeyPolicy(KnownHostsFile.Empty), "~/.ssh/id_ed25519", SshConnectOptions.Default);

        Assert.That(error.Code, Is.EqualTo(code));
        Assert.That(error.Message, Does.Contain("dokku.example.com:22"));
    }

    [Test]
    public void Ssh_errors_while_connecting_become_coded_errors()
    {
        var target = new SshTarget("h", 22, "dokku");
        var policy = new HostKeyPolicy(KnownHostsFile.Empty);

        Assert.That(SshLogin.ConnectError(new SshOperationTimeoutException("x"), target, null, policy, "k", SshConnectOptions.Default).Code, Is.EqualTo("DOKKU4003"));
        Assert.That(SshLogin.ConnectError(new SshAuthenticationException("x"), target, null, policy, "k", SshConnectOptions.Default).Code, Is.EqualTo("DOKKU4020"));
        Assert.That(SshLogin.ConnectError(new SshConnectionException("Server closed"), target, null, policy, "k", SshConnectOptions.Default).Code, Is.EqualTo("DOKKU4004"));
    }
}
