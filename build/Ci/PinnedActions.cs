using System.Text.RegularExpressions;

namespace OpenH264Build.Ci;

/// <summary>An action the workflows use, pinned to one commit of its repository; the tag is what a reader recognises.</summary>
internal sealed record PinnedAction(string Repository, string Tag, string Commit)
{
    /// <summary>What a step's <c>uses</c> holds: a tag can be moved, a commit cannot.</summary>
    public string Uses => $"{Repository}@{Commit}";
}

/// <summary>
/// The one table of the actions the generated workflows use. Each commit was read from the action's own
/// repository (https://github.com/&lt;Repository&gt;) as <c>git rev-parse &lt;Tag&gt;^{commit}</c>, the newest release
/// tag of its major version then. To move one: read the new tag's commit the same way, change its row, and run
/// <c>./build.sh GenerateWorkflows</c>. The generated files carry the tag as a comment after each commit.
/// </summary>
internal static partial class PinnedActions
{
    public static readonly PinnedAction Checkout =
        new("actions/checkout", "v5.1.0", "fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09");
    public static readonly PinnedAction SetupDotnet =
        new("actions/setup-dotnet", "v5.4.0", "26b0ec14cb23fa6904739307f278c14f94c95bf1");
    public static readonly PinnedAction Cache =
        new("actions/cache", "v5.0.5", "27d5ce7f107fe9357f9df03efb73ab90386fccae");
    public static readonly PinnedAction UploadArtifact =
        new("actions/upload-artifact", "v5.0.0", "330a01c490aca151604b8cf639adc76d48f6c5d4");
    public static readonly PinnedAction DownloadArtifact =
        new("actions/download-artifact", "v5.0.0", "634f93cb2916e3fdff6788551b99b062d0335ce0");

    public static IReadOnlyList<PinnedAction> All => [Checkout, SetupDotnet, Cache, UploadArtifact, DownloadArtifact];

    [GeneratedRegex(@"^(?<line>\s*(?:- )?uses: (?<uses>[\w.-]+/[\w.-]+@[0-9a-f]{40}))$", RegexOptions.Multiline)]
    private static partial Regex UsesLine();

    /// <summary>Puts the tag after each pinned commit in a workflow's text, as a YAML comment.</summary>
    public static string WithTagComments(string yaml) =>
        UsesLine().Replace(yaml, m =>
        {
            var action = All.SingleOrDefault(a => a.Uses == m.Groups["uses"].Value)
                ?? throw new InvalidOperationException($"{m.Groups["uses"].Value} is not in the table of pinned actions");
            return $"{m.Groups["line"].Value} # {action.Tag}";
        });
}
