namespace DokkuDeploy.Cli;

/// <summary>The command line or the parameters on stdin are wrong: said in one line, no stack trace, exit code 1.</summary>
sealed class UsageException(string message) : Exception(message);
