using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Git;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// Finds where to deploy, in the order a user expects: the DokkuRemote setting, then the git remote
/// named 'dokku' (Dokku's own convention), then DOKKU_REMOTE, then DOKKU_HOST with DOKKU_APP.
/// DokkuApp (or DOKKU_APP) overrides the app of whichever remote was found.
/// </summary>
public static class RemoteResolver
{
    /// <summary>
    /// Every remote of a deploy: the DokkuRemote items (several servers, one build) after the DokkuRemote
    /// property, or else the one remote <see cref="Resolve"/> finds. DokkuApp overrides the app of each.
    /// </summary>
    public static IReadOnlyList<(DokkuRemote Remote, string Source)> ResolveAll(
        string? remoteSetting, IReadOnlyList<string> remoteItems, string? appSetting, GitRepositoryInfo git, Func<string, string?> environment)
    {
        var items = remoteItems.Select(Setting.OrNull).OfType<string>().ToList();
        if (items.Count == 0)
        {
            return [Resolve(remoteSetting, appSetting, git, environment)];
        }

        var texts = Setting.OrNull(remoteSetting) is { } single ? items.Prepend(single) : items;
        return texts
            .Select(text => Resolve(text, appSetting, git, environment))
            .Select(found => (found.Remote, Source: "DokkuRemote items"))
            .DistinctBy(found => found.Remote.ToString())
            .ToList();
    }

    public static (DokkuRemote Remote, string Source) Resolve(
        string? remoteSetting, string? appSetting, GitRepositoryInfo git, Func<string, string?> environment)
    {
        var (remote, source) = Find(remoteSetting, git, environment);
        var app = Setting.OrNull(appSetting) ?? Setting.OrNull(environment("DOKKU_APP"));
        if (app is not null && app != remote.App)
        {
            remote = remote with { App = app };
        }

        AppName.Validate(remote.App);
        return (remote, source);
    }

    static (DokkuRemote, string) Find(string? remoteSetting, GitRepositoryInfo git, Func<string, string?> environment)
    {
        if (Setting.OrNull(remoteSetting) is { } fromSetting)
        {
            return (DokkuRemote.Parse(fromSetting), "DokkuRemote");
        }

        if (Setting.OrNull(git.DokkuRemoteUrl) is { } fromGit)
        {
            return (DokkuRemote.Parse(fromGit), "the git remote 'dokku'");
        }

        if (Setting.OrNull(environment("DOKKU_REMOTE")) is { } fromEnvironment)
        {
            return (DokkuRemote.Parse(fromEnvironment), "DOKKU_REMOTE");
        }

        if (Setting.OrNull(environment("DOKKU_HOST")) is { } host)
        {
            return (DokkuRemote.FromHostAndApp(host, environment("DOKKU_APP")), "DOKKU_HOST and DOKKU_APP");
        }

        throw DeployErrors.NoRemote();
    }
}
