namespace OpenH264Build.Abi;

/// <summary>The Abi parameters: the fleet's symbol-version floor, the reviewed changes to accept, and whether to
/// bisect.</summary>
public sealed record AbiOptions(IReadOnlyList<string> Floor, string SuppressionFile, bool Bisect);
