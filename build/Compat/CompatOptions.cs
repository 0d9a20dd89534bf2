namespace OpenH264Build.Compat;

/// <summary>The Compat parameters: libraries or harnesses given from outside, the quick loop, the bisection.</summary>
public sealed record CompatOptions(string? Candidates, string? Harnesses, bool Quick, bool Bisect);
