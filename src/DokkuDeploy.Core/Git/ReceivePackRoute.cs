namespace DokkuDeploy.Core.Git;

/// <summary>What the transport of one push talks through: the open channel, and the relay that shows the server's messages.</summary>
internal sealed record ReceivePackRoute(ReceivePackChannel Channel, SidebandRelay Relay, CancellationToken CancellationToken);
