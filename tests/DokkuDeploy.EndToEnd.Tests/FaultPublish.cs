using System.Diagnostics;
using System.Text;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// `dotnet publish -t:DokkuDeploy` as a running child process whose output lines arrive with the time
/// they were seen, so a test can wait for a line ("Sending …"), interrupt the run as Ctrl+C does,
/// and time what follows. Same environment as <see cref="SampleWorkspace.DotnetAsync"/>.
/// </summary>
sealed class FaultPublish : IDisposable
{
    readonly Process process;
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly List<(TimeSpan At, string Line)> lines = [];
    readonly StringBuilder stdout = new();
    readonly StringBuilder stderr = new();
    readonly Task readers;
    readonly string commandLine;

    FaultPublish(Process process, string commandLine)
    {
        this.process = process;
        this.commandLine = commandLine;
        readers = Task.WhenAll(ReadAsync(process.StandardOutput, stdout, timed: true), ReadAsync(process.StandardError, stderr, timed: false));
    }

    public TimeSpan Elapsed => clock.Elapsed;

    public static FaultPublish Start(SampleWorkspace workspace, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workspace.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["NUGET_PACKAGES"] = workspace.Packages;
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        return new FaultPublish(process, "dotnet " + string.Join(' ', startInfo.ArgumentList));
    }

    async Task ReadAsync(StreamReader reader, StringBuilder all, bool timed)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (lines)
            {
                all.Append(line).Append('\n');
                if (timed)
                {
                    lines.Add((clock.Elapsed, line));
                }
            }
        }
    }

    /// <summary>When the first stdout line containing TEXT arrived, or null if none did (yet).</summary>
    public TimeSpan? TimeOf(string text)
    {
        lock (lines)
        {
            foreach (var (at, line) in lines)
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return at;
                }
            }
        }

        return null;
    }

    /// <summary>Waits for a stdout line containing TEXT; fails with the output so far if the run ends or LIMIT passes first.</summary>
    public async Task<TimeSpan> WaitForLineAsync(string text, TimeSpan limit)
    {
        var deadline = clock.Elapsed + limit;
        while (clock.Elapsed < deadline)
        {
            if (TimeOf(text) is { } at)
            {
                return at;
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        await Task.Delay(200);
        if (TimeOf(text) is { } late)
        {
            return late;
        }

        Assert.Fail($"no line with '{text}' within {limit.TotalSeconds:0} s; output so far:\n{Output}");
        return default;
    }

    /// <summary>SIGINT to dotnet, as Ctrl+C in a terminal sends it; returns the time just before it was sent (the timing errs long).</summary>
    public async Task<TimeSpan> InterruptAsync()
    {
        // The shell's own kill: no P/Invoke (the project does not allow unsafe code) and no procps needed.
        var sentAt = clock.Elapsed;
        var kill = await ProcessRunner.RunAsync("sh", ["-c", "kill -INT \"$1\"", "sh", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.That(kill.ExitCode, Is.Zero, kill.ToString());
        return sentAt;
    }

    /// <summary>Waits for the exit; kills the whole tree after LIMIT (and fails, with the output).</summary>
    public async Task<(ProcessResult Result, TimeSpan ExitedAt)> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await readers;
            Assert.Fail($"dotnet publish did not exit within {limit.TotalSeconds:0} s; output:\n{Output}");
        }

        var exitedAt = clock.Elapsed;
        await readers;
        return (new ProcessResult(commandLine, process.ExitCode, stdout.ToString(), stderr.ToString()), exitedAt);
    }

    public string Output
    {
        get
        {
            lock (lines)
            {
                return stdout.ToString() + "\n--- stderr\n" + stderr;
            }
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }
}
