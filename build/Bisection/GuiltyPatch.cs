namespace OpenH264Build.Bisection;

/// <summary>
/// The first patch of the series with which a check's failure appears; with the hunk (numbered within its file, as
/// GNU patch numbers them) when that could be told apart, else the files the patch touches.
/// </summary>
public sealed record GuiltyPatch(string Name, int? Hunk, IReadOnlyList<string> Files)
{
    /// <summary>E.g. "0003-foo.patch (hunk 2, codec/decoder/core/src/rec_mb.cpp)".</summary>
    public override string ToString() =>
        Hunk is { } hunk ? $"{Name} (hunk {hunk}, {Files[0]})" : $"{Name} ({string.Join(", ", Files)})";
}

/// <summary>What one probe of a prefix gave: whether the failure is there, and a word for the log (e.g.
/// "drift").</summary>
public sealed record ProbeResult(bool Failed, string Verdict)
{
    public static ProbeResult Pass { get; } = new(false, "pass");
}

/// <summary>Builds the given prefix of the series and checks whether the failure being hunted appears with
/// it.</summary>
public delegate Task<ProbeResult> SeriesProbe(IReadOnlyList<Patching.SeriesPatch> prefix,
    CancellationToken cancellationToken);
