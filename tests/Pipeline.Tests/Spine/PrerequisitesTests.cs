using OpenH264Build.Host;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// A fresh machine: whatever the pipeline and its tests need, Prerequisites prepares, so ./build.sh Test passes where
/// <c>dpkg --print-foreign-architectures</c> prints nothing. The machine's own apt configuration is not changed to
/// prove it: a dpkg and an apt-get of the test's own, first on PATH, say that arm64 is unknown and record what is asked.
/// The pure cases of the decision are <see cref="ForeignArchitecturesTests"/> (no tree, run in parallel).
/// </summary>
public sealed class PrerequisitesTests : IAsyncLifetime
{
    private TestTree _tree = null!;
    private readonly string _bin = Directory.CreateTempSubdirectory("fake-dpkg-").FullName;

    public async Task InitializeAsync() => _tree = await TestTree.CreateAsync();

    public Task DisposeAsync()
    {
        _tree.Dispose();
        Directory.Delete(_bin, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Prerequisites_adds_arm64_on_a_machine_that_does_not_know_it_and_Test_depends_on_Prerequisites()
    {
        var record = Path.Combine(_bin, "calls");
        Fake("dpkg", record, """
            case "$1" in
              --print-foreign-architectures) exit 0 ;;
              --add-architecture) exit 0 ;;
              *) exec /usr/bin/dpkg "$@" ;;
            esac
            """);
        Fake("apt-get", record, """[ "$1" = update ] && exit 0; exec /usr/bin/apt-get "$@" """);

        var path = _bin + ":" + Environment.GetEnvironmentVariable("PATH");
        var run = await _tree.BuildWithAsync(new Dictionary<string, string?> { ["PATH"] = path }, "Prerequisites");
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        var calls = File.ReadAllLines(record);
        var added = Array.IndexOf(calls, "dpkg --add-architecture arm64");
        Assert.True(added >= 0, string.Join("\n", calls));
        Assert.Contains("apt-get update -q", calls[(added + 1)..]);

        var plan = await _tree.BuildAsync("Test", "--plan");
        Assert.True(plan.ExitCode == 0, plan.StandardOutput + plan.StandardError);
        Assert.Contains("Prerequisites", plan.StandardOutput);
    }

    /// <summary>A program of the test's own that records each call, then does what <paramref name="body"/> says.</summary>
    private void Fake(string name, string record, string body)
    {
        var file = Path.Combine(_bin, name);
        File.WriteAllText(file, $"#!/bin/sh\necho \"{name} $*\" >> '{record}'\n{body}\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
