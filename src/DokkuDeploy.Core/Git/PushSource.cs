using DokkuDeploy.Core.Errors;
using LibGit2Sharp;

namespace DokkuDeploy.Core.Git;

/// <summary>
/// The commit to push, held in a throwaway bare repository that borrows the project's objects (git's
/// alternates) and names the commit refs/heads/master. LibGit2Sharp pushes only through a named remote,
/// and naming one in the project's repository would write its .git/config (and race a second deploy);
/// this way the project's repository is only read. Deleted on dispose.
/// </summary>
internal sealed class PushSource : IDisposable
{
    public const string PushedRef = "refs/heads/master";

    private PushSource(string directory, Repository repository, string commitSha)
    {
        Directory = directory;
        Repository = repository;
        CommitSha = commitSha;
    }

    public string Directory { get; }

    public Repository Repository { get; }

    public string CommitSha { get; }

    /// <summary>The project's repository is found from <paramref name="projectDirectory"/> upwards.</summary>
    /// <exception cref="DeployException"><see cref="DeployErrors.GitRepositoryMissing"/> outside git.</exception>
    public static PushSource Create(string projectDirectory, string commitSha)
    {
        var gitDirectory = Repository.Discover(projectDirectory) ?? throw DeployErrors.GitRepositoryMissing(projectDirectory);
        var objects = Path.Combine(CommonDirectory(gitDirectory), "objects");
        var directory = Path.Combine(Path.GetTempPath(), "dokkudeploy-push-" + Guid.NewGuid().ToString("N"));
        Repository? repository = null;
        try
        {
            Repository.Init(directory, isBare: true);
            File.WriteAllText(Path.Combine(directory, "objects", "info", "alternates"), Path.GetFullPath(objects) + "\n");
            repository = new Repository(directory);
            repository.Refs.Add(PushedRef, new ObjectId(commitSha));
            return new PushSource(directory, repository, commitSha);
        }
        catch
        {
            repository?.Dispose();
            DeleteQuietly(directory);
            throw;
        }
    }

    public void Dispose()
    {
        Repository.Dispose();
        DeleteQuietly(Directory);
    }

    /// <summary>A linked worktree's git directory names the shared one (which holds the objects) in its commondir file.</summary>
    private static string CommonDirectory(string gitDirectory)
    {
        var commonFile = Path.Combine(gitDirectory, "commondir");
        if (!File.Exists(commonFile))
        {
            return gitDirectory;
        }

        var common = File.ReadAllText(commonFile).Trim();
        return Path.IsPathRooted(common) ? common : Path.GetFullPath(Path.Combine(gitDirectory, common));
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temp folder left behind is harmless; the deploy's outcome matters more.
        }
    }
}
