using DokkuDeploy.Testing;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>A throwaway local git repository holding an app, pushed with the real git client.</summary>
public sealed class GitRepository : IDisposable
{
    GitRepository(string directory) => Directory = directory;

    public string Directory { get; }

    public static async Task<GitRepository> CreateAsync(BusyboxHttpdApp app)
    {
        var repository = new GitRepository(Path.Combine(Path.GetTempPath(), $"dokkudeploy-git-{Guid.NewGuid():N}"));
        app.WriteContext(repository.Directory);
        await repository.GitAsync("init", "-q", "-b", "master");
        await repository.CommitAllAsync("app");
        return repository;
    }

    public async Task CommitAllAsync(string message)
    {
        await GitAsync("add", "-A");
        await GitAsync("-c", "user.name=DokkuDeploy Tests", "-c", "user.email=tests@dokkudeploy.invalid", "commit", "-q", "-m", message);
    }

    public Task<ProcessResult> PushAsync(StandInShell dokku, string app, string refspec = "master") =>
        ProcessRunner.RunAsync("git", ["push", dokku.GitRemoteUrl(app), refspec], new ProcessRunOptions
        {
            WorkingDirectory = Directory,
            Environment = new Dictionary<string, string?> { ["GIT_SSH_COMMAND"] = dokku.GitSshCommand, ["GIT_TERMINAL_PROMPT"] = "0" },
            Timeout = TimeSpan.FromMinutes(3),
        });

    async Task GitAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("git", arguments, new ProcessRunOptions { WorkingDirectory = Directory });
        if (result.ExitCode != 0)
            throw new InvalidOperationException("git failed:\n" + result);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
