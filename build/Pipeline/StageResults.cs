using System.Collections.Concurrent;
using OpenH264Build.Engine;

namespace OpenH264Build.Pipeline;

/// <summary>The immutable result of one stage, kept in the run context for the stages after it.</summary>
public interface IStageResult
{
    /// <summary>The target whose stage gives this result: named when a later stage asks for it before it ran.</summary>
    static abstract string Producer { get; }
}

/// <summary>
/// What the stages of this run have given so far, one result of each kind, set once. A stage takes what it needs
/// from here instead of from fields another stage happens to have filled: asking for a result that no stage gave
/// fails with one line that names the target to run.
/// </summary>
public sealed class StageResults
{
    readonly ConcurrentDictionary<Type, object> results = new();

    public T Add<T>(T result) where T : class, IStageResult
    {
        if (!results.TryAdd(typeof(T), result))
            throw new InvalidOperationException($"{T.Producer} gave its result twice in one run");
        return result;
    }

    /// <summary>The result, or null when its stage has not run (skipped, or not planned).</summary>
    public T? Find<T>() where T : class, IStageResult => results.TryGetValue(typeof(T),
        out var result) ? (T)result : null;

    public T Get<T>(string askedBy) where T : class, IStageResult =>
        Find<T>()
            ?? throw new BuildFailure($"{askedBy} needs the result of {T.Producer}, which has not run in this build " +
                $"(it was skipped or not planned)");
}
