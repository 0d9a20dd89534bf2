using Spectre.Console;

namespace OpenH264Build.Engine;

/// <summary>
/// One invocation as its command line asks for it: the targets, the parameters and the plan, all known before anything
/// runs, so that a mistake in any of them stops the run with <see cref="BuildRunner.ConfigurationErrorExitCode"/>.
/// </summary>
internal sealed class RunRequest
{
    private readonly Func<string, string?> _environment;
    private readonly TargetGraph _graph;
    private readonly ParameterSet _parameters;
    private readonly CommandLineRequest _commandLine;
    private readonly IReadOnlyList<TargetDefinition> _defaults;

    public RunRequest(NukeBuild build, string[] args, string[] defaultTargetNames, Func<string, string?> environment)
    {
        Build = build;
        _environment = environment;
        _graph = TargetGraph.From(build);
        _parameters = ParameterSet.Of(build.GetType());
        _commandLine = CommandLine.Parse(args, _parameters, _graph);
        _defaults = Targets(defaultTargetNames);
    }

    public NukeBuild Build { get; }
    public bool Help => _commandLine.Help;
    public bool PlanOnly => _commandLine.Plan;

    /// <summary>The build's parameters; after <see cref="CreatePlan"/>, where each given one came from.</summary>
    public ParameterSet Parameters => _parameters;

    /// <summary>The help page shows each parameter's default, so it is written before any parameter is
    /// filled.</summary>
    public void WriteHelp(IAnsiConsole console) =>
        HelpText.Write(console, _graph, _parameters, Build, _defaults, Targets(_commandLine.Targets));

    /// <summary>
    /// Fills the parameters, plans the requested targets (the defaults when none is named) and lets the build check
    /// the values that the targets left after --skip will use.
    /// </summary>
    public (IReadOnlyList<TargetDefinition> Plan, IReadOnlySet<TargetDefinition> Skipped) CreatePlan()
    {
        _parameters.Apply(Build, _commandLine.Parameters, _environment,
            Path.Combine(NukeBuild.RootDirectory, ".nuke", "parameters.json"));
        var requested = _commandLine.Targets.Count > 0 ? Targets(_commandLine.Targets) : _defaults;
        var plan = ExecutionPlan.Create(_graph, requested);
        var skipped = Targets(_commandLine.Skip).ToHashSet();
        Build.CheckParameters(new ParameterCheck(_parameters,
            plan.Where(t => !skipped.Contains(t)).Select(t => t.Name)));
        return (plan, skipped);
    }

    // Every name is known to exist: CommandLine refused unknown ones, and the defaults are the build's own properties.
    private List<TargetDefinition> Targets(IEnumerable<string> names) => names.Select(n => _graph.Find(n)!).ToList();
}
