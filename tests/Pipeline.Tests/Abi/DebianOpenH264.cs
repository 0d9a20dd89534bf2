using OpenH264Build.Baselines;
using OpenH264Build.Host;
using OpenH264Build;
using OpenH264Build.Abi;

namespace OpenH264Build.Tests.Abi;

/// <summary>
/// Debian's real libopenh264-7 for both arches, downloaded once for every test that needs a real OpenH264
/// library (until the pipeline's own build is wired in, it is the real-library baseline and candidate).
/// </summary>
public sealed class DebianOpenH264 : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "abi-tests-debian-" + Guid.NewGuid().ToString("N")[..8]);
    public BaselineLibrary X86_64 { get; private set; } = null!;
    public BaselineLibrary Aarch64 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        X86_64 = await OpenH264Build.Baselines.DebianOpenH264.BaselineAsync(TargetArch.X86_64, Path.Combine(Root, "amd64"));
        Aarch64 = await OpenH264Build.Baselines.DebianOpenH264.BaselineAsync(TargetArch.Aarch64, Path.Combine(Root, "arm64"));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition("Abi.Debian")]
public sealed class DebianOpenH264Collection : ICollectionFixture<DebianOpenH264>;
