using Microsoft.Build.Framework;

namespace DokkuDeploy.Cli;

/// <summary>
/// Runs one task as MSBuild would: engine attached, Execute called, an unexpected exception reported with its
/// stack trace (MSBuild's MSB4018) since it is a bug, not a user mistake. Cancel reaches the task as MSBuild's Ctrl+C does.
/// </summary>
sealed class TaskRun(ITask task)
{
    public ITask Task => task;

    public bool Execute(IBuildEngine engine)
    {
        task.BuildEngine = engine;
        var name = task.GetType().Name;
        try
        {
            return task.Execute();
        }
        catch (Exception e)
        {
            engine.LogErrorEvent(new BuildErrorEventArgs(null, "MSB4018", null, 0, 0, 0, 0,
                $"The \"{name}\" task failed unexpectedly. This is a bug in DokkuDeploy: please report it with these lines.{Environment.NewLine}{e}", null, name));
            return false;
        }
    }

    public void Cancel() => (task as ICancelableTask)?.Cancel();
}
