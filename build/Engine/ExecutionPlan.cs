namespace OpenH264Build.Engine;

/// <summary>
/// The ordered list of targets to run: the requested ones plus everything they depend on, each after its
/// dependencies and after any planned target it is declared to come <c>After</c>. Ties keep declaration order,
/// so a plan is the same on every machine.
/// </summary>
internal static class ExecutionPlan
{
    public static IReadOnlyList<TargetDefinition> Create(TargetGraph graph, IEnumerable<TargetDefinition> requested)
    {
        var planned = new HashSet<TargetDefinition>();
        void Collect(TargetDefinition t)
        {
            if (!planned.Add(t)) return;
            foreach (var d in t.DependencyDefinitions) Collect(d);
        }
        foreach (var t in requested) Collect(t);

        var order = new List<TargetDefinition>();
        var state = new Dictionary<TargetDefinition, bool>(); // false: on the stack, true: done
        var stack = new List<TargetDefinition>();

        void Visit(TargetDefinition t)
        {
            if (state.TryGetValue(t, out var done))
            {
                if (done) return;
                var cycle = stack.SkipWhile(s => s != t).Select(s => s.Name).Append(t.Name);
                throw new BuildConfigurationException($"Target dependency cycle: {string.Join(" -> ", cycle)}");
            }
            state[t] = false;
            stack.Add(t);
            foreach (var before in t.DependencyDefinitions.Concat(t.PredecessorDefinitions.Where(planned.Contains)))
                Visit(before);
            stack.RemoveAt(stack.Count - 1);
            state[t] = true;
            order.Add(t);
        }

        foreach (var t in graph.Targets.Where(planned.Contains)) Visit(t);
        return order;
    }
}
