using OpenH264Build.Engine;
using OpenH264Build.Processes;
using Serilog;

namespace OpenH264Build.Host;

/// <summary>A program the pipeline runs on the host, and the Debian package that provides it.</summary>
public sealed record HostTool(string Command, string Package, string UsedFor);

/// <summary>
/// Checks that every host program the pipeline needs is on PATH. As root on Debian it installs what is missing
/// with apt; otherwise it fails with the exact command to run.
/// </summary>
public static class HostTools
{
    public static readonly IReadOnlyList<HostTool> Required =
    [
        new("git", "git", "the commit recorded in BUILDINFO and provenance"),
        new("xz", "xz-utils", "unpacking Debian's .orig tarball"),
        new("patch", "patch", "applying the patch series"),
        new("apt-get", "apt", "fetching the Debian source package"),
        new("debootstrap", "debootstrap", "the base image of the toolchain container"),
        new("dockerd", "docker.io", "the Docker engine the compiles run in"),
        new("gcc", "gcc", "test fixtures and the benchmark's host build"),
        new("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu", "aarch64 test fixtures"),
        new("nasm", "nasm", "the benchmark's host build"),
        new("g++", "g++", "the benchmark's host build (OpenH264 is C++)"),
        new("aarch64-linux-gnu-g++", "g++-aarch64-linux-gnu", "the benchmark's aarch64 host build"),
        new("make", "make", "the benchmark's host build"),
        new("qemu-aarch64-static", "qemu-user-static", "running aarch64 programs on x86_64"),
        new("abidiff", "abigail-tools", "ABI comparison"),
        new("ffmpeg", "ffmpeg", "the test corpus and the independent decoder"),
        new("minisign", "minisign", "checking signatures with the stock tool"),
        new("dpkg-deb", "dpkg", "unpacking Debian's libopenh264-7 baselines"),
        new("reprepro", "reprepro", "the signed apt repository of the fleet packages"),
        new("gpg", "gnupg", "signing the apt repository (apt verifies OpenPGP only)"),
        new("ansible-playbook", "ansible-core", "the fleet rollout's waves"),
        new("ssh", "openssh-client", "Ansible's connection to fleet hosts"),
    ];

    /// <summary>What only the tests drive on top of the pipeline's tools: a real browser, npm's workflow validator,
    /// lintian.</summary>
    public static readonly IReadOnlyList<HostTool> RequiredForTests =
    [
        new("chromium", "chromium", "opening the report page in a real headless browser"),
        new("npm", "npm", "installing the offline GitHub workflow validator"),
        new("lintian", "lintian", "holding the fleet's Debian packages to Debian's policy checks"),
    ];

    /// <summary>Debian packages that give no command of their own but are needed all the same.</summary>
    public static readonly IReadOnlyList<(string Path, string Package)> RequiredFiles =
    [
        ("/usr/aarch64-linux-gnu/lib/libc.so.6", "libc6-arm64-cross"),
        ("/usr/aarch64-linux-gnu/include/stdio.h", "libc6-dev-arm64-cross"),
        // The aarch64 library is C++: running it under qemu needs the aarch64 libstdc++ beside the aarch64 libc.
        ("/usr/aarch64-linux-gnu/lib/libstdc++.so.6", "libstdc++6-arm64-cross"),
    ];

    public static IReadOnlyList<string> MissingPackages(IReadOnlyList<HostTool>? tools = null) =>
        (tools ?? Required).Where(t => HostProgram.Which(t.Command) is null).Select(t => t.Package)
            .Concat(RequiredFiles.Where(f => !File.Exists(f.Path)).Select(f => f.Package))
            .Distinct().ToList();

    public static async Task EnsureAsync(bool mayInstall, CancellationToken ct, IReadOnlyList<HostTool>? tools = null)
    {
        var missing = MissingPackages(tools);
        if (missing.Count == 0) return;

        var command = $"apt-get install -y --no-install-recommends {string.Join(' ', missing)}";
        var canInstall = mayInstall && Environment.IsPrivilegedProcess && File.Exists("/etc/debian_version")
            && HostProgram.Which("apt-get") is not null;
        if (!canInstall)
            throw new BuildFailure(
                $"Missing host tools (Debian packages: {string.Join(", ", missing)}). Install them " +
                $"with: sudo {command}");

        Log.Information("Installing missing host tools: {Packages}", string.Join(", ", missing));
        var env = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        await HostProgram.RunAsync("apt-get", ["update", "-q"], new() { Environment = env }, ct);
        await HostProgram.RunAsync("apt-get", ["install", "-y", "-q", "--no-install-recommends", .. missing],
            new() { Environment = env }, ct);
        var still = MissingPackages(tools);
        if (still.Count > 0)
            throw new BuildFailure($"apt-get installed nothing for: {string.Join(", ", still)}; install them with: " +
                $"sudo apt-get install {string.Join(' ', still)}");
    }
}
