namespace OpenH264Build.Engine;

/// <summary>What a target's declaration said, collected by calling its <see cref="Target"/> delegate once.</summary>
internal sealed class TargetDefinition(string name) : ITargetDefinition
{
    public string Name { get; } = name;
    public string DescriptionText { get; private set; } = "";
    public List<Target> Dependencies { get; } = [];
    public List<Target> Predecessors { get; } = [];
    public List<(Func<bool> Condition, string Text)> Conditions { get; } = [];
    public List<(Func<bool> Requirement, string Text)> Requirements { get; } = [];
    public List<Func<Task>> Actions { get; } = [];
    public bool IsUnlisted { get; private set; }

    /// <summary>Resolved by <see cref="TargetGraph"/> once every target is known.</summary>
    public List<TargetDefinition> DependencyDefinitions { get; } = [];
    public List<TargetDefinition> PredecessorDefinitions { get; } = [];

    public ITargetDefinition Description(string description) { DescriptionText = description; return this; }
    public ITargetDefinition DependsOn(params Target[] targets) { Dependencies.AddRange(targets); return this; }
    public ITargetDefinition After(params Target[] targets) { Predecessors.AddRange(targets); return this; }
    public ITargetDefinition Unlisted() { IsUnlisted = true; return this; }

    public ITargetDefinition OnlyWhen(Func<bool> condition, string? text = null)
    {
        Conditions.Add((condition, Readable(text) ?? "condition"));
        return this;
    }

    public ITargetDefinition Requires(Func<bool> requirement, string? text = null)
    {
        Requirements.Add((requirement, Readable(text) ?? "requirement"));
        return this;
    }

    public ITargetDefinition Executes(Action action)
    {
        Actions.Add(() => { action(); return Task.CompletedTask; });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action) { Actions.Add(action); return this; }

    public override string ToString() => Name;

    /// <summary>The condition as written, without its lambda arrow: "() => Arch.Length > 0" reads "Arch.Length >
    /// 0".</summary>
    private static string? Readable(string? expression) =>
        expression is null ? null : System.Text.RegularExpressions.Regex.Replace(expression.Trim(), @"^\(\)\s*=>\s*",
            "");
}
