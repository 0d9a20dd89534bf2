using System.Runtime.CompilerServices;

namespace OpenH264Build.Engine;

/// <summary>The fluent surface a target is declared with; a subset of NUKE's, with the same names.</summary>
public interface ITargetDefinition
{
    /// <summary>One line shown by <c>--help</c> and <c>--plan</c>.</summary>
    ITargetDefinition Description(string description);

    /// <summary>Targets that must run (and succeed) first; they join the plan.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Ordering only: when both are planned, this one runs after those.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>The target is skipped (not failed) when the condition is false; the summary says why.</summary>
    ITargetDefinition OnlyWhen(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? text = null);

    /// <summary>A precondition: when false the target fails before doing anything, naming the condition.</summary>
    ITargetDefinition Requires(Func<bool> requirement, [CallerArgumentExpression(nameof(requirement))] string? text =
        null);

    /// <summary>The target is left out of --help (it still runs by name).</summary>
    ITargetDefinition Unlisted();

    ITargetDefinition Executes(Action action);

    ITargetDefinition Executes(Func<Task> action);
}
