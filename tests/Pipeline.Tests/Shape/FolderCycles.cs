namespace OpenH264Build.Tests.Shape;

/// <summary>Tarjan's strongly connected components of a graph of folders: a component of two or more is a
/// cycle.</summary>
internal static class FolderCycles
{
    public static IReadOnlyList<IReadOnlyList<string>> StronglyConnected(
        IReadOnlyDictionary<string, IEnumerable<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<IReadOnlyList<string>>();
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(node)) Visit(node);
        return components;

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var next in graph.GetValueOrDefault(node, []))
            {
                if (!index.ContainsKey(next)) { Visit(next); low[node] = Math.Min(low[node], low[next]); }
                else if (stack.Contains(next)) low[node] = Math.Min(low[node], index[next]);
            }
            if (low[node] != index[node]) return;
            var component = new List<string>();
            string member;
            do { member = stack.Pop(); component.Add(member); } while (member != node);
            components.Add(component.Order(StringComparer.Ordinal).ToList());
        }
    }
}
