using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OpenH264Build.Reporting;

namespace OpenH264Build.Terminal;

/// <summary>
/// Frames decoded so far on one arch, counted from what the decoding harness really wrote (the sandbox's run-jobs
/// script reports each job's count of picture lines as it goes), never guessed from the time. When output is not a
/// terminal a line with the count, the rate and an ETA is written every <see cref="Interval"/>, from the start of the
/// arch's work to its end, so a pipe or CI log is never silent for long; a terminal keeps its live display.
/// </summary>
public sealed class FrameMeter : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static readonly ConcurrentDictionary<string, FrameMeter> Running = new();
    private readonly ConcurrentDictionary<string, long> _jobs = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _label;
    private readonly string _arch;
    private readonly Task _ticking;
    private long _total;
    private long _decodedAtTicks = -1;

    private FrameMeter(string target, string arch, Action<string>? writeLine, TimeSpan interval)
    {
        (_label, _arch) = (ProgressReporter.Label(target, arch), arch);
        Running[arch] = this;
        _ticking = writeLine is null ? Task.CompletedTask : Tick(writeLine, interval);
    }

    /// <summary>Starts counting for an arch; plain lines go to <paramref name="writeLine"/> (null: the reporter's own
    /// way).</summary>
    public static FrameMeter Start(string target, string arch, Action<string>? writeLine = null,
        TimeSpan? interval = null) =>
        new(target, arch, writeLine ?? ProgressReporter.Current.PlainLineWriter, interval ?? Interval);

    /// <summary>What the harness has decoded so far in one job (counts only grow); ignored when no meter runs for the
    /// arch.</summary>
    public static void Report(string arch, string job, long frames)
    {
        if (!Running.TryGetValue(arch, out var meter)) return;
        meter._jobs.AddOrUpdate(job, frames, (_, old) => Math.Max(old, frames));
        // The moment every expected picture is decoded: the rate stops there, while the arch's checks go on.
        var total = Interlocked.Read(ref meter._total);
        if (total > 0 && meter.Done >= total)
            Interlocked.CompareExchange(ref meter._decodedAtTicks, meter._clock.Elapsed.Ticks, -1);
    }

    /// <summary>The pictures the work will decode in all, when known: the rate then gives an ETA.</summary>
    public void Expect(long frames) => Interlocked.Exchange(ref _total, frames);

    public long Done => _jobs.Values.Sum();

    public string Line()
    {
        var done = Done;
        var seconds = _clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? done / seconds : 0;
        var total = Interlocked.Read(ref _total);
        if (done == 0 && total == 0)
            return $"… {_label}: preparing the harness and the streams ({ProgressReporter.Format(_clock.Elapsed)})";
        var decodedAt = Interlocked.Read(ref _decodedAtTicks);
        if (decodedAt > 0)
        {
            var decodeRate = done / TimeSpan.FromTicks(decodedAt).TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture,
                $"… {_label}: all {done} frames decoded, {decodeRate:0} frames/s; checking the pictures " +
                $"({ProgressReporter.Format(_clock.Elapsed)})");
        }
        var of = total > 0 ? $" of {total}" : "";
        var eta = total > done
            && rate > 0 ? $", ETA {ProgressReporter.Format(TimeSpan.FromSeconds((total - done) / rate))}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"… {_label}: {done}{of} frames decoded, {rate:0} frames/s{eta} ({ProgressReporter.Format(
                _clock.Elapsed)})");
    }

    private async Task Tick(Action<string> writeLine, TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) writeLine(Line());
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        Running.TryRemove(new KeyValuePair<string, FrameMeter>(_arch, this));
        await _stop.CancelAsync();
        await _ticking;
        _stop.Dispose();
    }
}
