using System.Reflection;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// Sends EOF on a command's stdin when nothing was written to it. SSH.NET 2026.0.0's input stream sends EOF on
/// dispose only after at least one byte went through, so a command that reads stdin (`wc -c`, `cat`) would wait
/// forever for input we never send. Until SSH.NET fixes that, reach its channel's SendEof by reflection.
/// </summary>
internal static class EmptyInputEof
{
    /// <returns>False when this SSH.NET version has no such members; the caller then only disposes the stream.</returns>
    public static bool TrySend(Stream channelInput)
    {
        var channel = channelInput.GetType().GetField("_channel", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(channelInput);
        var sendEof = channel?.GetType().GetMethod("SendEof", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);
        if (channel is null || sendEof is null)
        {
            return false;
        }

        try
        {
            sendEof.Invoke(channel, null);
            return true;
        }
        catch (TargetInvocationException)
        {
            // The channel closed meanwhile: the command has ended and needs no EOF.
            return false;
        }
    }
}
