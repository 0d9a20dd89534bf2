namespace OpenH264Build.Engine;

/// <summary>
/// Where secrets may come from and where they must not stay. A secret is given by file or by environment, never
/// as text on a command line (every user of the machine reads command lines in <c>ps</c>); once the parameters are
/// read, its environment variables are removed from this process, so no program the build starts inherits it.
/// </summary>
internal static class SecretParameters
{
    /// <summary>A secret on the command line must name a file holding it; the stage that uses it reads the
    /// file.</summary>
    public static void RefuseInlineValue(BuildParameter parameter, IReadOnlyList<string> values)
    {
        if (!parameter.IsSecret || values.All(File.Exists)) return;
        throw new BuildConfigurationException(
            $"Parameter {parameter.OptionName}: a secret is never taken as text on the command line (other users see " +
                $"it in ps); " +
            $"give the path of a file that holds it, or set {parameter.EnvironmentVariables[0]}.");
    }

    /// <summary>Removes every environment variable a secret parameter is read from, from this process's
    /// environment.</summary>
    public static void RemoveFromEnvironment(IEnumerable<BuildParameter> parameters)
    {
        foreach (var name in parameters.Where(p => p.IsSecret).SelectMany(p => p.EnvironmentVariables))
        {
            Environment.SetEnvironmentVariable(name, null);
            lock (Removed) Removed.Add(name);
        }
    }

    static readonly HashSet<string> Removed = new(StringComparer.Ordinal);

    /// <summary>The variables removed so far: a program the build starts is given an environment without them
    /// too.</summary>
    public static IReadOnlyList<string> RemovedVariables
    {
        get { lock (Removed) return Removed.ToList(); }
    }

    /// <summary>The secret itself: the content of the file a value names (masked from then on), else the
    /// value.</summary>
    public static string? Resolve(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Contains('\n') || !File.Exists(value)) return value;
        var content = File.ReadAllText(value).Trim();
        SecretMasker.Register(content);
        return content;
    }
}
