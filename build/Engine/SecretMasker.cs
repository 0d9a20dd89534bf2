namespace OpenH264Build.Engine;

/// <summary>
/// Every secret value the build knows, so that each line the engine writes (console, log file, GitHub
/// annotations, exception messages) can be masked before it leaves the process.
/// </summary>
public static class SecretMasker
{
    private static readonly HashSet<string> Secrets = [];
    private static readonly Lock Gate = new();

    public static void Register(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 4) return;
        lock (Gate)
        {
            Secrets.Add(secret);
            // A key file's content is multi-line: each line is masked on its own as well.
            foreach (var line in secret.Split('\n',
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (line.Length >= 8) Secrets.Add(line);
        }
        CiHost.Current.Mask(secret);
    }

    public static string Mask(string text)
    {
        lock (Gate)
        {
            foreach (var secret in Secrets.OrderByDescending(s => s.Length))
                text = text.Replace(secret, "***", StringComparison.Ordinal);
        }
        return text;
    }
}
