using System.Text.RegularExpressions;
using OpenH264Build.Engine;
using YamlDotNet.RepresentationModel;

namespace OpenH264Build.Ci;

/// <summary>One <c>./build.sh</c> call in a workflow that the build would refuse, with where it is.</summary>
internal sealed record WorkflowProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>
/// Finds every <c>./build.sh ...</c> call in the <c>run</c> steps of a workflow and parses its arguments with
/// the build's own command line, so a call naming a target or parameter the build does not know is found
/// before a runner finds it. <c>${{ ... }}</c> expressions stand for one argument each.
/// </summary>
internal sealed partial class BuildCommandCheck(TargetGraph graph, ParameterSet parameters)
{
    [GeneratedRegex(@"\$\{\{.*?\}\}")]
    private static partial Regex Expression();

    [GeneratedRegex(@"(?:^|[\s;&|(])\./build\.sh(?<args>[^\n;&|)]*)")]
    private static partial Regex BuildCall();

    /// <summary>The calls in the file, each as the arguments after ./build.sh, with the line it starts on.</summary>
    public static IEnumerable<(int Line, string[] Args)> FindCalls(string yamlText)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yamlText));
        foreach (var document in stream.Documents)
        foreach (var (line, script) in RunScripts(document.RootNode))
        foreach (Match call in BuildCall().Matches(script))
        {
            var args = Expression().Replace(call.Groups["args"].Value, "EXPRESSION")
                .Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .Where(a => a != "\\")
                .ToArray();
            yield return (line, args);
        }
    }

    public IReadOnlyList<WorkflowProblem> Check(string fileName, string yamlText)
    {
        var problems = new List<WorkflowProblem>();
        foreach (var (line, args) in FindCalls(yamlText))
        {
            try
            {
                var request = CommandLine.Parse(args, parameters, graph);
                if (request.Targets.Count == 0)
                    problems.Add(new WorkflowProblem(fileName, line,
                        "./build.sh is called without a target: name the targets the job runs."));
            }
            catch (BuildConfigurationException e)
            {
                problems.Add(new WorkflowProblem(fileName, line, $"./build.sh {string.Join(" ", args)}: {e.Message}"));
            }
        }
        return problems;
    }

    private static IEnumerable<(int Line, string Script)> RunScripts(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode { Value: "run" } && value is YamlScalarNode { Value: { } script })
                        yield return ((int)value.Start.Line, script);
                    else
                        foreach (var inner in RunScripts(value)) yield return inner;
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                foreach (var inner in RunScripts(item))
                    yield return inner;
                break;
        }
    }
}
