namespace DokkuDeploy.Core.Ssh.Agent;

/// <summary>The agent could not be reached or did not do what was asked; the message says which, never a key.</summary>
public sealed class SshAgentException(string message, Exception? inner = null) : Exception(message, inner);
