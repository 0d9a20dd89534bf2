using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace OpenH264Build.Engine;

/// <summary>
/// Serilog for every line the build writes: to the console and, in a real run, to that run's log file (<see
/// cref="RunLog"/>),
/// each line passed through <see cref="SecretMasker"/> first so no secret reaches either.
/// </summary>
public static class Logging
{
    /// <param name="consoleLine">When set, console lines go through it (a live display draws them above
    /// itself).</param>
    public static void Configure(string? logFile, TextWriter? console = null, Action<string>? consoleLine = null)
    {
        var writer = console ?? Console.Out;
        var consoleSink = new MaskingSink(consoleLine is null ? writer.Write : consoleLine,
            "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}");
        var configuration = new LoggerConfiguration().MinimumLevel.Debug()
            .WriteTo.Sink(consoleSink, LogEventLevel.Information);
        if (logFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
            var file = new StreamWriter(logFile, append: false) { AutoFlush = true };
            configuration = configuration.WriteTo.Sink(new MaskingSink(file.Write,
                "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{NewLine}{Exception}"));
        }
        Log.Logger = configuration.CreateLogger();
    }

    private sealed class MaskingSink(Action<string> write, string template) : ILogEventSink
    {
        private readonly MessageTemplateTextFormatter _formatter = new(template);
        private readonly Lock _gate = new();

        public void Emit(LogEvent logEvent)
        {
            using var buffer = new StringWriter();
            _formatter.Format(logEvent, buffer);
            var text = SecretMasker.Mask(buffer.ToString());
            lock (_gate) write(text);
        }
    }
}
