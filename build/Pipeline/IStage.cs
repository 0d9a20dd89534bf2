namespace OpenH264Build.Pipeline;

/// <summary>
/// One step of the pipeline, as GoReleaser's pipes are: it reads its inputs from the run context (the results of
/// the stages before it and the run's settings) and returns its own immutable result; <c>ToString()</c> says what
/// it does, in the words of the log and the summary.
/// </summary>
public interface IStage<TResult> where TResult : class, IStageResult
{
    Task<TResult> RunAsync(RunContext context);
}

/// <summary>
/// A last step, whose work is what it leaves behind (reports, signatures, a release, a rolled-out fleet): no stage
/// after it reads a result from it, so it gives none.
/// </summary>
public interface IStage
{
    Task RunAsync(RunContext context);
}
