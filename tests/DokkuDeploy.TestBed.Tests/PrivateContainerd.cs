using System.Diagnostics;
using DokkuDeploy.Testing;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// A containerd of the test's own (Debian's `containerd` binary, its root, state and socket in a temp folder, no CRI),
/// so that nothing the test imports touches the engines of the test bed. `ctr` talks to it.
/// </summary>
sealed class PrivateContainerd : IDisposable
{
    const string Containerd = "/usr/bin/containerd";
    const string Ctr = "/usr/bin/ctr";

    readonly string directory;
    readonly Process process;

    PrivateContainerd(string directory, Process process)
    {
        this.directory = directory;
        this.process = process;
    }

    string Socket => Path.Combine(directory, "containerd.sock");

    public static async Task<PrivateContainerd> StartAsync()
    {
        Prerequisite.Require(File.Exists(Containerd) && File.Exists(Ctr), $"needs {Containerd} and {Ctr} (apt-get install containerd)");
        var directory = Directory.CreateTempSubdirectory("dokkudeploy-containerd-").FullName;
        var config = Path.Combine(directory, "config.toml");
        await File.WriteAllTextAsync(config, $"""
            version = 2
            root = "{directory}/root"
            state = "{directory}/state"
            [grpc]
              address = "{directory}/containerd.sock"
            [plugins."io.containerd.grpc.v1.cri"]
              disable = true
            """);
        var start = new ProcessStartInfo(Containerd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new PrivateContainerd(directory, process);
        // A loaded machine may take a while; the wait ends as soon as containerd answers.
        var deadline = Stopwatch.StartNew();
        while ((await started.CtrAsync("default", "version")).ExitCode != 0)
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                started.Dispose();
                Assert.Fail($"containerd did not answer on {started.Socket} within {deadline.Elapsed.TotalSeconds:0} s (exited: {process.HasExited})");
            }

            await Task.Delay(200);
        }

        return started;
    }

    public Task<ProcessResult> CtrAsync(string ns, params string[] arguments) =>
        ProcessRunner.RunAsync(Ctr, ["--address", Socket, "--namespace", ns, .. arguments], new ProcessRunOptions { Timeout = TimeSpan.FromMinutes(5) });

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            process.Dispose();
            // Snapshots may hold mounts only for a running task; the test runs none, so the folder goes with it.
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
