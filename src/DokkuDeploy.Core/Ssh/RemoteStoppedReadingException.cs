namespace DokkuDeploy.Core.Ssh;

/// <summary>The remote command ended before it read all of its standard input.</summary>
internal sealed class RemoteStoppedReadingException : IOException
{
    public RemoteStoppedReadingException()
        : base("The remote command ended before it read all of its input.")
    {
    }
}
