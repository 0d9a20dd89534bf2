using OpenH264Build.Ci;
using OpenH264Build.Engine;
using OpenH264Build.Pipeline;
using Serilog;

namespace OpenH264Build.Stages;

/// <summary>
/// Writes .github/workflows from the build's own targets and parameters (see <see cref="WorkflowGenerator"/>), after
/// checking that every <c>./build.sh</c> call in them is one the build accepts. Internal, as the workflow model is.
/// </summary>
internal sealed class GenerateWorkflowsStage(WorkflowOptions options) : IStage
{
    public override string ToString() => "generate the GitHub Actions workflows";

    /// <summary>Every workflow file as the build generates it now, by file name; the tests compare the committed files
    /// with these.</summary>
    /// <param name="leftOut">Targets the workflows name for when they are declared, not declared yet.</param>
    public IReadOnlyDictionary<string, string> Texts(out IReadOnlyList<string> leftOut)
    {
        var generator = new WorkflowGenerator(options.Graph, options.Parameters, options.Arches, options.JobImage,
            options.UntrustedTargets);
        var texts = options.Workflows.ToDictionary(w => w.FileName, generator.Generate);
        leftOut = generator.LeftOut;
        return texts;
    }

    public Task RunAsync(RunContext context)
    {
        var texts = Texts(out var leftOut);
        foreach (var target in leftOut)
            Log.Information("Not declared yet, left out: {Target}", target);

        var check = new BuildCommandCheck(options.Graph, options.Parameters);
        var problems = texts.SelectMany(t => check.Check(t.Key, t.Value)).ToList();
        if (problems.Count > 0)
            throw new BuildFailure($"A generated workflow calls the build wrongly: {problems[0]}");

        var changed = WorkflowFiles.Write(options.Directory, texts);
        Log.Information(changed.Count == 0 ? "Workflows are up to date" : "Wrote {Files}", string.Join(", ", changed));
        return Task.CompletedTask;
    }
}
