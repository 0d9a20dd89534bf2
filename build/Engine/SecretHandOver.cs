using System.Text;
using Microsoft.Win32.SafeHandles;

namespace OpenH264Build.Engine;

/// <summary>
/// How secrets reach the build without sitting in its process environment, which <c>/proc/&lt;pid&gt;/environ</c> shows
/// for the process's whole life: <c>build.sh</c> moves every secret variable into a 0600 file, opens it on a file
/// descriptor, deletes it, unsets the variables and names the descriptor in <see cref="DescriptorVariable"/> before it
/// starts the build. The build reads the descriptor once, closes it (no child inherits it) and holds the values in
/// its own managed environment, from which the parameters read them and then remove them.
/// </summary>
internal static class SecretHandOver
{
    public const string DescriptorVariable = "OPENH264_BUILD_SECRETS_FD";

    /// <summary>Takes the secrets handed over on the descriptor, if any (a run without build.sh has none).</summary>
    public static void Receive()
    {
        var descriptor = Environment.GetEnvironmentVariable(DescriptorVariable);
        Environment.SetEnvironmentVariable(DescriptorVariable, null);
        if (!int.TryParse(descriptor, out var fd) || fd < 3) return;
        string content;
        using (var handle = new SafeFileHandle(fd, ownsHandle: true))
        using (var stream = new FileStream(handle, FileAccess.Read))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
            content = reader.ReadToEnd();
        foreach (var (name, value) in Parse(content))
            Environment.SetEnvironmentVariable(name, value);
    }

    /// <summary>NAME=VALUE entries, each ended by a NUL byte (a value may hold newlines, as a key file does).</summary>
    public static IEnumerable<(string Name, string Value)> Parse(string content) =>
        content.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(parts => parts.Length == 2 && parts[0].Length > 0)
            .Select(parts => (parts[0], parts[1]));
}
