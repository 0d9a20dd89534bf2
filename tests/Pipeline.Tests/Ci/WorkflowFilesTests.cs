using OpenH264Build.Ci;

namespace OpenH264Build.Tests.Ci;

public sealed class WorkflowFilesTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("workflows-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    [Fact]
    public void Writing_makes_the_folder_match_and_removes_only_generated_files_no_longer_declared()
    {
        File.WriteAllText(PathOf("old.yml"), WorkflowGenerator.Header + "name: old\n");
        File.WriteAllText(PathOf("hand-written.yml"), "name: someone else's\n");
        var generated = new Dictionary<string, string> { ["ci.yml"] = WorkflowGenerator.Header + "name: ci\n" };

        Assert.Equal(["ci.yml is missing", "old.yml was generated but no workflow declares it any more"], WorkflowFiles.Differences(_folder.FullName, generated));
        Assert.Equal(["ci.yml", "old.yml"], WorkflowFiles.Write(_folder.FullName, generated));

        Assert.Empty(WorkflowFiles.Differences(_folder.FullName, generated));
        Assert.False(File.Exists(PathOf("old.yml")));
        Assert.True(File.Exists(PathOf("hand-written.yml")));
        Assert.Empty(WorkflowFiles.Write(_folder.FullName, generated));
    }

    [Fact]
    public void A_hand_edit_of_a_generated_file_is_a_difference()
    {
        var generated = new Dictionary<string, string> { ["ci.yml"] = WorkflowGenerator.Header + "name: ci\n" };
        WorkflowFiles.Write(_folder.FullName, generated);
        File.AppendAllText(PathOf("ci.yml"), "# tweak\n");
        Assert.Equal(["ci.yml differs from what the build generates"], WorkflowFiles.Differences(_folder.FullName, generated));
    }
}
