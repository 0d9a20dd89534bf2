namespace OpenH264Build.Tests.Processes;

/// <summary>
/// Variables planted in this process's environment for one test, each put back as it was (set to its earlier value,
/// or removed) when disposed. The environment is the whole process's: a test that plants a variable others read
/// (SSH_AUTH_SOCK, a credential's name) also runs in <see cref="ProcessStateCollection"/>, alone.
/// </summary>
public sealed class PlantedEnvironment : IDisposable
{
    private readonly Dictionary<string, string?> _before = new();

    public PlantedEnvironment(IReadOnlyDictionary<string, string?> planted)
    {
        foreach (var (name, value) in planted)
        {
            _before.TryAdd(name, Environment.GetEnvironmentVariable(name));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _before) Environment.SetEnvironmentVariable(name, value);
    }
}

/// <summary>
/// Tests that change what the whole process shares (environment variables others read, <c>Console.Out</c>, the CI
/// host): run after the parallel collections, one at a time, so no other test sees the change.
/// </summary>
[CollectionDefinition("Process state", DisableParallelization = true)]
public sealed class ProcessStateCollection;
