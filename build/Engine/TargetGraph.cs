using System.Reflection;

namespace OpenH264Build.Engine;

/// <summary>
/// Every <see cref="Target"/> property of a build, in declaration order, with references between them
/// resolved. A target refers to another by its property (<c>DependsOn(Patch)</c>); each property returns a
/// lambda whose method is unique, so the method identifies the target.
/// </summary>
internal sealed class TargetGraph
{
    public IReadOnlyList<TargetDefinition> Targets { get; }

    private TargetGraph(IReadOnlyList<TargetDefinition> targets) => Targets = targets;

    public TargetDefinition? Find(string name) =>
        Targets.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public static TargetGraph From(object build)
    {
        var properties = build.GetType()
            .GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.PropertyType == typeof(Target))
            .OrderBy(p => p.MetadataToken)
            .ToList();

        var byMethod = new Dictionary<MethodInfo, TargetDefinition>();
        var definitions = new List<TargetDefinition>();
        foreach (var property in properties)
        {
            var target = (Target)property.GetValue(build)!;
            var definition = new TargetDefinition(property.Name);
            target(definition);
            byMethod[target.Method] = definition;
            definitions.Add(definition);
        }

        TargetDefinition Resolve(TargetDefinition from, Target reference) =>
            byMethod.TryGetValue(reference.Method, out var found)
                ? found
                : throw new BuildConfigurationException($"Target '{from.Name}' refers to a target that is not a " +
                    $"property of the build.");

        foreach (var definition in definitions)
        {
            definition.DependencyDefinitions.AddRange(definition.Dependencies.Select(d => Resolve(definition, d)));
            definition.PredecessorDefinitions.AddRange(definition.Predecessors.Select(d => Resolve(definition, d)));
        }

        return new TargetGraph(definitions);
    }
}
