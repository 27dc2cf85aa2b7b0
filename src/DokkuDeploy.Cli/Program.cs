using System.Reflection;
using System.Text;
using DokkuDeploy.Cli;
using Microsoft.Build.Framework;

return args switch
{
    [] or ["-h" or "--help" or "help" or "-?", ..] => Help(),
    ["--version"] => Version(),
    ["run-task", var name] => RunTaskWithProtocol(name),
    ["deploy", .. var options] => Deploy(options),
    _ => Usage($"Unknown command '{string.Join(' ', args)}'."),
};

static int Help()
{
    Console.Out.WriteLine(HelpText.Usage);
    return 0;
}

static int Version()
{
    Console.Out.WriteLine(typeof(TaskRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
    return 0;
}

static int Usage(string message)
{
    Console.Error.WriteLine($"error: {message} See --help.");
    return 1;
}

// For the .NET Framework shim: parameters on stdin, records on stdout. Everything else anyone writes to the
// console goes to stderr, so that no stray write can split a record.
static int RunTaskWithProtocol(string taskName)
{
    var protocol = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { NewLine = "\n" };
    Console.SetOut(Console.Error);
    var engine = new ProtocolBuildEngine(protocol);
    var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
    TaskRun run;
    try
    {
        run = new TaskRun(CreateTask(taskName));
        TaskParameters.SetFromJson(run.Task, stdin.ReadLine() ?? throw new UsageException("No parameters on stdin: run-task reads one JSON line there."));
        ThrowOnMissingRequired(run.Task);
    }
    catch (UsageException e)
    {
        engine.LogErrorEvent(new BuildErrorEventArgs(null, null, null, 0, 0, 0, 0, e.Message, null, taskName));
        return 1;
    }

    var listener = new Thread(() => ListenForCancel(stdin, run)) { IsBackground = true, Name = "stdin" };
    listener.Start();
    using var interrupt = CancelOnCtrlC(run);
    var succeeded = run.Execute(engine);
    foreach (var (name, value) in TaskParameters.Outputs(run.Task))
    {
        engine.Output(name, value);
    }

    return succeeded && !engine.HasLoggedErrors ? 0 : 1;
}

static int Deploy(IReadOnlyList<string> options)
{
    var engine = new ConsoleBuildEngine(Console.Out, Console.Error, options.Contains("-v") || options.Contains("--verbose"));
    TaskRun run;
    try
    {
        var command = DeployCommand.Parse(options, Directory.GetCurrentDirectory());
        run = new TaskRun(CreateTask("DeployToDokku"));
        foreach (var (name, value) in command.Parameters)
        {
            TaskParameters.Set(run.Task, name, value);
        }

        ThrowOnMissingRequired(run.Task);
    }
    catch (UsageException e)
    {
        return Usage(e.Message);
    }

    using var interrupt = CancelOnCtrlC(run);
    var succeeded = run.Execute(engine);
    return succeeded && !engine.HasLoggedErrors ? 0 : 1;
}

static ITask CreateTask(string name)
{
    var catalog = TaskCatalog.BesideProgram();
    var type = catalog.Find(name)
        ?? throw new UsageException($"There is no DokkuDeploy task '{name}'. The tasks: {string.Join(", ", catalog.Tasks.Select(t => t.Name))}.");
    return (ITask)Activator.CreateInstance(type)!;
}

static void ThrowOnMissingRequired(ITask task)
{
    var missing = TaskParameters.MissingRequired(task).ToList();
    if (missing.Count > 0)
    {
        throw new UsageException($"The {task.GetType().Name} task needs a value for {string.Join(", ", missing)}.");
    }
}

static void ListenForCancel(TextReader stdin, TaskRun run)
{
    try
    {
        while (stdin.ReadLine() is { } line)
        {
            if (line.Trim() == DokkuDeploy.Tasks.Protocol.TaskProtocol.CancelCommand)
            {
                run.Cancel();
            }
        }
    }
    catch (IOException)
    {
        // The shim went away; the task finishes on its own, as a build node's task would.
    }
}

// The first Ctrl+C asks the task to stop cleanly (DeployErrors.TaskCancelled); a second one ends the process.
static IDisposable CancelOnCtrlC(TaskRun run)
{
    var asked = 0;
    ConsoleCancelEventHandler handler = (_, e) =>
    {
        if (Interlocked.Exchange(ref asked, 1) == 0)
        {
            e.Cancel = true;
            run.Cancel();
        }
    };
    Console.CancelKeyPress += handler;
    return new Unsubscribe(() => Console.CancelKeyPress -= handler);
}

sealed class Unsubscribe(Action action) : IDisposable
{
    public void Dispose() => action();
}
