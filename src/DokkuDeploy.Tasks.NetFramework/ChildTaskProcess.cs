using System.Diagnostics;
using System.Text;
using DokkuDeploy.Tasks.Protocol;

namespace DokkuDeploy.Tasks;

/// <summary>
/// One run of `dotnet DokkuDeploy.Cli.dll run-task NAME`. The command line names the task and nothing else:
/// parameters (config values among them) go through stdin, and the child inherits the build's environment,
/// where DOKKU_SSH_KEY and a key's passphrase live. Cancelling asks the child to stop (so that the deploy
/// stops the way Ctrl+C stops it in-process) and kills it if it has not stopped after a grace period.
/// </summary>
sealed class ChildTaskProcess : IDisposable
{
    readonly Process process;
    readonly TimeSpan cancelGracePeriod;
    readonly StringBuilder standardError = new();
    readonly object gate = new();
    Timer? killTimer;

    ChildTaskProcess(Process process, TimeSpan cancelGracePeriod)
    {
        this.process = process;
        this.cancelGracePeriod = cancelGracePeriod;
    }

    public static ProcessStartInfo StartInfo(string dotnetHost, string cliAssembly, string taskName, string workingDirectory) =>
        new(dotnetHost, $"{Quote(cliAssembly)} run-task {taskName}")
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            WorkingDirectory = workingDirectory,
        };

    public static ChildTaskProcess Start(ProcessStartInfo startInfo, string parametersJson, TimeSpan cancelGracePeriod)
    {
        var process = new Process { StartInfo = startInfo };
        var child = new ChildTaskProcess(process, cancelGracePeriod);
        process.ErrorDataReceived += (_, e) => child.KeepStandardError(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        try
        {
            child.WriteLine(parametersJson);
        }
        catch (IOException)
        {
            // The child died before it read its parameters: its exit code and stderr say why.
        }

        return child;
    }

    /// <summary>Reads stdout line by line on the caller's thread (MSBuild wants the task's logging there) until the child closes it.</summary>
    public IEnumerable<string> ReadLines()
    {
        while (process.StandardOutput.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    public int WaitForExit()
    {
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>The last lines the child wrote on stderr (a crash of the runtime lands there).</summary>
    public string StandardErrorTail
    {
        get
        {
            lock (gate)
            {
                return standardError.ToString().Trim();
            }
        }
    }

    public void RequestCancel()
    {
        lock (gate)
        {
            if (killTimer is not null)
            {
                return;
            }

            killTimer = new Timer(_ => Kill(), null, cancelGracePeriod, Timeout.InfiniteTimeSpan);
        }

        try
        {
            WriteLine(TaskProtocol.CancelCommand);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            Kill();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            killTimer?.Dispose();
        }

        Kill();
        process.Dispose();
    }

    // Bytes, not the StreamWriter: on .NET Framework stdin's writer uses the console's code page.
    void WriteLine(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        var stdin = process.StandardInput.BaseStream;
        stdin.Write(bytes, 0, bytes.Length);
        stdin.Flush();
    }

    void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    void KeepStandardError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            standardError.AppendLine(line);
            if (standardError.Length > 8000)
            {
                standardError.Remove(0, standardError.Length - 8000);
            }
        }
    }

    static string Quote(string argument) => argument.IndexOfAny(new[] { ' ', '\t', '"' }) < 0 ? argument : "\"" + argument.Replace("\"", "\\\"") + "\"";
}
