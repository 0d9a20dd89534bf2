using OpenH264Build.Engine;

namespace OpenH264Build.Ci;

/// <summary>
/// What a job that holds secrets or waits for an environment (the release's sign and publish) may not do: restore a
/// cache (a pull request's run could have written it), run privileged, or run a target that builds or runs code from
/// the patched tree, which would then share a machine, a process tree and a token with the secrets. Every secret a
/// job names must be a secret parameter of the build. A broken rule stops the generator, naming the job.
/// </summary>
internal sealed class WorkflowTrust(TargetGraph graph, ParameterSet parameters, IReadOnlyCollection<string> untrustedTargets)
{
    public void Check(Workflow workflow, WorkflowJob job, IReadOnlyList<string> targets)
    {
        var where = $"Workflow {workflow.FileName}, job '{job.Id}'";
        foreach (var name in job.Secrets.Where(n => !parameters.Parameters.Any(p => p.Name == n && p.IsSecret)))
            throw new BuildConfigurationException($"{where} passes '{name}', which is not a secret parameter of the build.");
        if (job.Secrets.Count == 0 && job.Environment is null) return;
        if (job.Caches.Count > 0)
            throw new BuildConfigurationException(
                $"{where} holds secrets or waits for an environment and restores caches " +
                $"({string.Join(", ", job.Caches.Select(c => c.Name))}) a pull request could have written.");
        if (job.Privileged)
            throw new BuildConfigurationException($"{where} holds secrets or waits for an environment and runs privileged.");
        var untrusted = UntrustedTargetsRun(job, targets);
        if (untrusted.Count > 0)
            throw new BuildConfigurationException(
                $"{where} holds secrets or waits for an environment and runs {string.Join(", ", untrusted)}, " +
                "which build or run code from the patched tree: skip them (--skip) or run them in a job without secrets.");
    }

    /// <summary>The untrusted targets the job's ./build.sh call would run: its targets, their dependencies, less what it skips.</summary>
    public IReadOnlyList<string> UntrustedTargetsRun(WorkflowJob job, IReadOnlyList<string> targets) =>
        ExecutionPlan.Create(graph, targets.Select(t => graph.Find(t)!))
            .Select(t => t.Name)
            .Where(t => !job.Skip.Contains(t, StringComparer.OrdinalIgnoreCase))
            .Where(t => untrustedTargets.Contains(t, StringComparer.OrdinalIgnoreCase))
            .ToList();
}
