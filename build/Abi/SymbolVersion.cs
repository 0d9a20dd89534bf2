using OpenH264Build.Elf;
using OpenH264Build.Engine;

namespace OpenH264Build.Abi;

/// <summary>
/// A GNU symbol version such as <c>GLIBC_2.34</c>, <c>GLIBCXX_3.4.30</c> or <c>CXXABI_1.3.13</c>: a family
/// and a dotted number, compared number by number (2.3.4 &lt; 2.14 &lt; 2.34).
/// </summary>
public sealed record SymbolVersion(string Family, IReadOnlyList<int> Numbers) : IComparable<SymbolVersion>
{
    /// <summary>The families whose highest version decides which OS releases the library loads on.</summary>
    public static readonly IReadOnlyList<string> FloorFamilies = ["GLIBC", "GLIBCXX", "CXXABI"];

    public static SymbolVersion? TryParse(string text)
    {
        var underscore = text.LastIndexOf('_');
        if (underscore <= 0) return null;
        var parts = text[(underscore + 1)..].Split('.');
        var numbers = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, out var n)) return null;   // GLIBC_PRIVATE and the like: not a version
            numbers.Add(n);
        }
        return new SymbolVersion(text[..underscore], numbers);
    }

    public int CompareTo(SymbolVersion? other)
    {
        if (other is null) return 1;
        for (var i = 0; i < Math.Max(Numbers.Count, other.Numbers.Count); i++)
        {
            var a = i < Numbers.Count ? Numbers[i] : 0;
            var b = i < other.Numbers.Count ? other.Numbers[i] : 0;
            if (a != b) return a.CompareTo(b);
        }
        return 0;
    }

    public override string ToString() => $"{Family}_{string.Join('.', Numbers)}";
}

/// <summary>
/// The highest symbol version per family the fleet provides: GLIBC_2.31 means Debian 11 / Raspberry Pi OS
/// bullseye. Explicit entries come from the build parameter; a family not given there takes the baseline's own
/// highest requirement.
/// </summary>
public sealed class VersionFloor
{
    public IReadOnlyDictionary<string, SymbolVersion> Floors { get; }
    public IReadOnlyDictionary<string, string> Origins { get; }

    private VersionFloor(Dictionary<string, SymbolVersion> floors, Dictionary<string, string> origins)
    {
        Floors = floors;
        Origins = origins;
    }

    /// <param name="explicitFloors">e.g. <c>GLIBC_2.31</c>, <c>GLIBCXX_3.4.28</c>; a bare <c>2.31</c> means
    /// glibc.</param>
    /// <param name="baseline">The baseline library, whose highest requirements are the default floor.</param>
    public static VersionFloor Create(IEnumerable<string> explicitFloors, ElfFacts? baseline)
    {
        var floors = new Dictionary<string, SymbolVersion>();
        var origins = new Dictionary<string, string>();
        if (baseline is not null)
        {
            foreach (var group in baseline.VersionNeeds
                         .Select(n => SymbolVersion.TryParse(n.Version))
                         .OfType<SymbolVersion>()
                         .Where(v => SymbolVersion.FloorFamilies.Contains(v.Family))
                         .GroupBy(v => v.Family))
            {
                floors[group.Key] = group.Max()!;
                origins[group.Key] = "the baseline's own";
            }
        }
        foreach (var raw in explicitFloors.Select(f => f.Trim()).Where(f => f.Length > 0))
        {
            var text = char.IsDigit(raw[0]) ? "GLIBC_" + raw : raw;
            var version = SymbolVersion.TryParse(text);
            if (version is null || !SymbolVersion.FloorFamilies.Contains(version.Family))
                throw new BuildFailure($"ABI floor '{raw}' is not a version like GLIBC_2.31, GLIBCXX_3.4.28 or " +
                    $"CXXABI_1.3.12");
            floors[version.Family] = version;
            origins[version.Family] = "set by --abi-floor";
        }
        return new VersionFloor(floors, origins);
    }
}
