using System.Text;
using OpenH264Build.Compilation;
using OpenH264Build.Formats;
using OpenH264Build.Host;
using OpenH264Build.Patching;
using OpenH264Build.Source;
using OpenH264Build.Versioning;

namespace OpenH264Build.Packaging;

/// <summary>
/// BUILDINFO, shipped in every package: enough to tell exactly what went into the library — the source digest,
/// every patch with its digest, the toolchain image, compilers and flags, and the commit of this repository.
/// Written in Debian control-file style so it reads well and parses easily.
/// </summary>
public static class BuildInfo
{
    public static string Render(ReleaseVersion version, SourcePin pin, IReadOnlyList<SeriesPatch> series,
        CompiledLibrary library,
        string toolchainImage, string toolchainImageId, string suite, string? commit, DateTime buildTime)
    {
        var sb = new StringBuilder();
        sb.Append("Package: openh264\n");
        sb.Append($"Version: {version}\n");
        sb.Append($"Development: {(version.IsDevelopment ? "yes" : "no")}\n");
        sb.Append($"Architecture: {library.Arch.Name()}\n");
        sb.Append($"Upstream-Version: {pin.Version}\n");
        sb.Append($"Source: {pin.File}\n");
        sb.Append($"Source-SHA256: {pin.Sha256}\n");
        sb.Append("Patches:\n");
        if (series.Count == 0) sb.Append(" (none)\n");
        foreach (var p in series) sb.Append($" {p.Sha256} {p.Name}\n");
        sb.Append($"Toolchain-Image: {toolchainImage}\n");
        sb.Append($"Toolchain-Image-Id: {toolchainImageId}\n");
        sb.Append($"Toolchain-Suite: {suite}\n");
        sb.Append("Toolchain:\n");
        foreach (var line in library.ToolchainDescription.Split('\n')) sb.Append($" {line.Trim()}\n");
        sb.Append("Flags:\n");
        foreach (var line in library.Flags.Split('\n')) sb.Append($" {line.Trim()}\n");
        sb.Append($"Git-Commit: {commit ?? "unknown"}\n");
        sb.Append($"Build-Date: {buildTime:yyyy-MM-ddTHH:mm:ssZ}\n");
        return sb.ToString();
    }
}
