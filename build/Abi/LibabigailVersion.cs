using OpenH264Build.Processes;

namespace OpenH264Build.Abi;

/// <summary>The judge is part of the verdict: the version of libabigail, asked once per run.</summary>
public static class LibabigailVersion
{
    static Task<string>? version;

    public static Task<string> ReadAsync(CancellationToken cancellationToken) =>
        version ??= HostProgram.ReadAsync("abidiff", ["--version"], cancellationToken);
}
