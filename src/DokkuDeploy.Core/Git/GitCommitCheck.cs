using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using LibGit2Sharp;

namespace DokkuDeploy.Core.Git;

/// <summary>
/// Which commit a git deploy pushes, decided before anything reaches a server: HEAD, and only when the tree
/// has no uncommitted changes, since Dokku builds the commit and would silently leave those changes out.
/// </summary>
public static class GitCommitCheck
{
    /// <param name="allowDirty">DokkuAllowDirty: push HEAD anyway, with a warning (<see cref="DeployErrors.GitTreeDirtyPushedWarning"/>).</param>
    /// <returns>The full sha of HEAD.</returns>
    /// <exception cref="DeployException"><see cref="DeployErrors.GitRepositoryMissing"/> outside git, <see cref="DeployErrors.GitNoCommit"/> without a commit, <see cref="DeployErrors.GitTreeDirty"/> with uncommitted changes,
    /// <see cref="DeployErrors.GitUnavailable"/> without libgit2.</exception>
    public static string HeadToDeploy(string projectDirectory, bool allowDirty, IDeployLog log)
    {
        GitRepositoryInfo git;
        try
        {
            if (Repository.Discover(projectDirectory) is null)
            {
                throw DeployErrors.GitRepositoryMissing(projectDirectory);
            }

            git = GitRepositoryInfo.Read(projectDirectory, log);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw DeployErrors.GitUnavailable((e.InnerException ?? e).Message, e);
        }

        if (git.CommitSha is null)
        {
            throw DeployErrors.GitNoCommit(projectDirectory);
        }

        if (git.IsDirty)
        {
            if (!allowDirty)
            {
                throw DeployErrors.GitTreeDirty(projectDirectory, git.ShortSha!);
            }

            log.Warning(DeployErrors.GitTreeDirtyPushedWarning, DeployErrors.GitTreeDirtyPushed(git.ShortSha!));
        }

        return git.CommitSha;
    }
}
