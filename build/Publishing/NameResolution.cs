using System.Net.Sockets;

namespace OpenH264Build.Publishing;

/// <summary>
/// Whether a request failed because the host name did not resolve. Retrying does not help there (a machine
/// without network or DNS, a mistyped address), unlike a dropped connection or a server error.
/// </summary>
public static class NameResolution
{
    public static bool Failed(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is SocketException
                { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData })
                return true;
        return false;
    }
}
