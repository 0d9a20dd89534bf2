using OpenH264Build.Host;
namespace OpenH264Build.Pipeline;

/// <summary>The run-wide parameters, as the stages read them (each concern's own options travel with its
/// stage).</summary>
public sealed record RunSettings
{
    public required RunPaths Paths { get; init; }
    public required IReadOnlyList<TargetArch> Arches { get; init; }

    /// <summary>Debian suite of the toolchain and sandbox images: sets the glibc floor of the built library.</summary>
    public required string Suite { get; init; }

    /// <summary>Parallel compile jobs inside the build container.</summary>
    public required int Jobs { get; init; }

    public string? DockerHost { get; init; }

    /// <summary>Folder images are saved to and loaded from (CI caches); null for none.</summary>
    public string? ImageCache { get; init; }

    /// <summary>Folder the ccache volumes are carried in as tars (CI caches); null for none.</summary>
    public string? CcacheArchive { get; init; }

    /// <summary>--package-version, when given: otherwise the version comes from a release tag on HEAD.</summary>
    public string? PackageVersion { get; init; }

    /// <summary>The time limit of each program the sandbox runs.</summary>
    public required TimeSpan SandboxTimeLimit { get; init; }

    /// <summary>Why a staged dist is not a complete signed dist (null when it is): the Dist domain's rule.</summary>
    public required Func<string, string?> WhyDistIncomplete { get; init; }
}
