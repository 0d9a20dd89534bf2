using Docker.DotNet.Models;
using OpenH264Build.Engine;
using Serilog;

namespace OpenH264Build.Containers;

/// <summary>Streams an image build or import into the log, and turns the engine's error message into a
/// failure.</summary>
internal sealed class DockerProgress(string what) : IProgress<JSONMessage>
{
    public string? Error { get; private set; }

    public void Report(JSONMessage value)
    {
        if (value.Error is not null || !string.IsNullOrEmpty(value.ErrorMessage))
            Error = value.ErrorMessage ?? value.Error?.Message;
        var text = (value.Stream ?? value.Status ?? "").TrimEnd();
        if (text.Length > 0) Log.Debug("{What}: {Text}", what, text);
        if (text.StartsWith("Step ")) Log.Information("{What}: {Text}", what, text);
    }

    public void ThrowIfFailed()
    {
        if (Error is not null) throw new BuildFailure($"{what} failed: {Error.Trim()}");
    }
}
