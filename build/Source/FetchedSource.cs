using OpenH264Build.Pipeline;
using OpenH264Build.Signing;

namespace OpenH264Build.Source;

/// <summary>Fetch's result: the verified upstream tarball, and where it came from for the provenance.</summary>
public sealed record FetchedSource(string Tarball,
    ProvenanceSourcePin Provenance) : IStageResult { public static string Producer => "Fetch"; }
