using CliWrap;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// A command that takes Ctrl-C as a terminal delivers it. A program started in the background by a script (<c>cmd &amp;</c>
/// without job control, as nohup and some CI launchers do) inherits SIGINT ignored, every program it starts inherits
/// that, and the .NET runtime keeps a SIGINT ignored at start ignored. The tests that send SIGINT prove the build's
/// handler, not how the suite was started, so the child gets SIGINT's default back just before the build starts.
/// </summary>
public static class InterruptibleCommand
{
    private const string RestoreSigintThenExec =
        "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die qq(cannot start $ARGV[0]: $!\\n);";

    public static Command Of(Command command) => command.WithTargetFile("perl").WithArguments(args => args
        .Add("-e").Add(RestoreSigintThenExec).Add(command.TargetFilePath).Add(command.Arguments, escape: false));
}
