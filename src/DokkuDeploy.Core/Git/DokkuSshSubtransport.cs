using LibGit2Sharp;

namespace DokkuDeploy.Core.Git;

/// <summary>
/// libgit2's "smart" transport over our own SSH channel (see <see cref="PushRoutes"/>). Stateful, like
/// libgit2's ssh transport: the ref listing and the push share one `git-receive-pack` conversation.
/// Only pushes: the git method never fetches.
/// </summary>
internal sealed class DokkuSshSubtransport : SmartSubtransport
{
    private ReceivePackStream? _stream;

    protected override SmartSubtransportStream Action(string url, GitSmartSubtransportAction action)
    {
        switch (action)
        {
            case GitSmartSubtransportAction.ReceivePackList:
                _stream ??= new ReceivePackStream(this, PushRoutes.Find(url));
                return _stream;
            case GitSmartSubtransportAction.ReceivePack:
                return _stream ?? new ReceivePackStream(this, PushRoutes.Find(url));
            default:
                throw new LibGit2SharpException("DokkuDeploy's transport only pushes: it cannot fetch.");
        }
    }

    protected override void Close()
    {
        _stream = null;
    }
}
