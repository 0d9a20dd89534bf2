namespace OpenH264Build.Tests.Spine;

/// <summary>
/// A test that runs ./build.sh in a private copy of the tree (<see cref="TestTree"/>: the checkout's dist and reports
/// are never touched, and no verdict of an earlier run is there), with a scratch folder for what it makes itself.
/// </summary>
public abstract class PipelineTreeTest(string scratchName) : IAsyncLifetime
{
    /// <summary>The test's own folder for patch series and other inputs; removed after the test.</summary>
    protected string Scratch { get; } = Path.Combine(Path.GetTempPath(), scratchName + "-" + Guid.NewGuid().ToString("N")[..8]);

    private protected TestTree Tree { get; private set; } = null!;

    /// <summary>Where the tree's runs write their reports.</summary>
    protected string Reports => Tree.Reports;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Scratch);
        Tree = await TestTree.CreateAsync();
    }

    public Task DisposeAsync()
    {
        Tree.Dispose();
        Directory.Delete(Scratch, true);
        return Task.CompletedTask;
    }
}
