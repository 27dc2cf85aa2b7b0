using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using LibGit2Sharp;

namespace DokkuDeploy.Core.Git;

/// <summary>What a deploy needs to know of the project's git repository, read once.</summary>
public sealed record GitRepositoryInfo(
    string? CommitSha,
    DateTimeOffset? CommitTime,
    bool IsDirty,
    string? DokkuRemoteUrl,
    string? OriginUrl)
{
    public static readonly GitRepositoryInfo None = new(null, null, false, null, null);

    public string? ShortSha => CommitSha?[..Math.Min(7, CommitSha.Length)];

    /// <summary>
    /// Reads the repository that contains <paramref name="directory"/>, or <see cref="None"/> outside git.
    /// Git only names and labels the image, so a repository that cannot be read (owned by another user,
    /// as in CI containers; no native libgit2 for this platform) costs a warning, not the deploy.
    /// </summary>
    public static GitRepositoryInfo Read(string directory, IDeployLog log)
    {
        try
        {
            return ReadOrThrow(directory);
        }
        catch (Exception e) when (e is LibGit2SharpException or DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            log.Warning(DeployErrors.GitRepositoryUnreadableWarning, DeployErrors.GitRepositoryUnreadable(directory, (e.InnerException ?? e).Message));
            return None;
        }
    }

    static GitRepositoryInfo ReadOrThrow(string directory)
    {
        var root = Repository.Discover(directory);
        if (root is null)
        {
            return None;
        }

        using var repository = new Repository(root);
        var head = repository.Head?.Tip;
        var dirty = head is not null && HasChanges(repository);
        return new GitRepositoryInfo(
            head?.Sha,
            head?.Committer.When,
            dirty,
            repository.Network.Remotes["dokku"]?.Url,
            repository.Network.Remotes["origin"]?.Url);
    }

    static bool HasChanges(Repository repository)
    {
        var options = new StatusOptions
        {
            IncludeIgnored = false,
            IncludeUntracked = true,
            RecurseUntrackedDirs = false,
            DetectRenamesInIndex = false,
            DetectRenamesInWorkDir = false,
        };
        return repository.RetrieveStatus(options).IsDirty;
    }
}
