namespace OpenH264Build.Tests.Spine;

/// <summary>
/// One <see cref="TestTree"/> for the tests of a class whose runs only read it: a parameter refused before anything
/// runs writes nothing, so eight refusals need one copy of the tree, not eight. Made on first use, removed after the
/// class. A test that writes into its tree (a dist, reports, a verdict) takes a tree of its own instead.
/// </summary>
public sealed class SharedTestTree : IAsyncLifetime
{
    private readonly SemaphoreSlim _once = new(1, 1);
    private TestTree? _tree;

    internal async Task<TestTree> GetAsync()
    {
        await _once.WaitAsync();
        try { return _tree ??= await TestTree.CreateAsync(); }
        finally { _once.Release(); }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _tree?.Dispose();
        return Task.CompletedTask;
    }
}
