namespace OpenH264Build.Ci;

/// <summary>
/// The steps that hand a folder from one job to the next: the producer uploads it and records the sha256 of its file
/// list as a job output; the consumer downloads it and stops unless the same computation gives the same digest, so
/// a job signs or publishes exactly the bits the job before it proved.
/// </summary>
internal static class ArtifactSteps
{
    /// <summary>
    /// One line of sh: the sha256 of "sha256  ./path" for every file, sorted by path bytes. Callers put it inside
    /// "$( ... )" with spaces, since "$((" would start arithmetic.
    /// </summary>
    public static string Digest(string folder) =>
        $"(cd \"{folder}\" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum) | sha256sum | " +
            $"cut -d' ' -f1";

    public static IEnumerable<Dictionary<string, object>> Give(WorkflowArtifact artifact, string stepId) =>
    [
        WorkflowGenerator.Step($"Record the digest of {artifact.Name}", id: stepId,
            run: $"echo \"sha256=$( {Digest(artifact.From)} )\" >> \"$GITHUB_OUTPUT\""),
        WorkflowGenerator.Step($"Upload {artifact.Name}", uses: PinnedActions.UploadArtifact.Uses, with: new()
        {
            ["name"] = artifact.Name,
            ["path"] = artifact.From,
            ["if-no-files-found"] = "error",
            ["include-hidden-files"] = true,
        }),
    ];

    public static IEnumerable<Dictionary<string, object>> Take(WorkflowArtifact artifact) =>
    [
        WorkflowGenerator.Step($"Download {artifact.Name}", uses: PinnedActions.DownloadArtifact.Uses, with: new()
        {
            ["name"] = artifact.Name,
            ["path"] = artifact.To,
        }),
        // This step is plain shell that runs before ./build.sh in the job: no C# (and so no CiHost) runs there yet,
        // so it writes its one workflow command itself, in the form GitHubActionsHost.Annotate writes.
        WorkflowGenerator.Step($"Check {artifact.Name} against the digest {artifact.Job} recorded", run:
            $"expected='${{{{ needs.{artifact.Job}.outputs.{artifact.OutputName} }}}}'\n" +
            $"actual=$( {Digest(artifact.To)} )\n" +
            $"if [ \"$actual\" != \"$expected\" ]; then echo \"::error::{artifact.Name} is not what {artifact.Job} " +
                $"proved: sha256 $actual, expected $expected\"; exit 1; fi\n"),
    ];
}
