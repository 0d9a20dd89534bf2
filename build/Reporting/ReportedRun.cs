using OpenH264Build.Engine;
using OpenH264Build.Pipeline;

namespace OpenH264Build.Reporting;

/// <summary>Report's result: the page written, with what it said.</summary>
public sealed record ReportedRun(string Page, RunReport Report) : IStageResult { public static string Producer =>
    "Report"; }
