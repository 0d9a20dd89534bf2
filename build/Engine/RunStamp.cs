using System.Collections;
using System.Security.Cryptography;
using System.Text;

namespace OpenH264Build.Engine;

/// <summary>
/// What a finished run depended on and what it left, kept per command line: the same arguments, environment and
/// working folder find the stamp again (<see cref="KeyFor"/>). When every input and output it names is as the run
/// found and left it, nothing that run did needs doing again, and the next run with that command line answers at
/// once (<see cref="UnchangedRun"/>) without connecting to anything. Only a run that succeeded, whose build named
/// every input of its plan (<see cref="NukeBuild.StampRoots"/>) and that was given no secret is
/// stamped.
/// </summary>
internal sealed record RunStamp(
    long RecordedNs, string? LogFile, IReadOnlyList<string> SummaryLines, IReadOnlyList<StampSnapshot> Snapshots)
{
    const string Header = "openh264-build run stamp 1";

    /// <summary>Variables that differ between two shells without changing what a build does.</summary>
    static readonly HashSet<string> VolatileVariables =
    [
        "_", "PWD", "OLDPWD", "SHLVL", "TERM", "COLUMNS", "LINES", "TMUX", "TMUX_PANE", "STY", "WINDOW", "SSH_CLIENT",
        "SSH_CONNECTION", "SSH_TTY", "SSH_AUTH_SOCK", "DISPLAY", "XAUTHORITY", "LS_COLORS", "MAIL", "HISTFILE",
        SecretHandOver.DescriptorVariable, RerunVariable,
    ];

    /// <summary>Runs every planned target even when nothing changed (and stamps the run again).</summary>
    public const string RerunOption = "--rerun";

    /// <summary>
    /// The same as <see cref="RerunOption"/> for a whole session (test trees set it: their runs repeat on purpose).
    /// </summary>
    public const string RerunVariable = "NUKE_RERUN";

    /// <summary>
    /// The command line's key: arguments (without <see cref="RerunOption"/>), working folder and environment, the
    /// variables of <see cref="VolatileVariables"/> aside. Taken before the parameters are read, while the handed-over
    /// secrets are still in the environment: a run given a secret is never stamped, so no stored key ever holds one.
    /// </summary>
    public static string KeyFor(IEnumerable<string> args, IDictionary environment, string workingDirectory)
    {
        var text = new StringBuilder();
        foreach (var arg in args.Where(a => a != RerunOption)) text.Append("arg\0").Append(arg).Append('\n');
        text.Append("cwd\0").Append(workingDirectory).Append('\n');
        var names = environment.Keys.Cast<string>().Where(n => !VolatileVariables.Contains(n))
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
            text.Append("env\0").Append(name).Append('=').Append(environment[name]).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static string PathFor(string rootDirectory, string key) =>
        Path.Combine(rootDirectory, "artifacts", "cache", "run-stamp", key[..32]);

    /// <summary>The first input or output that is not as the run left it, or null when none changed.</summary>
    public string? FirstChange() => Snapshots.Select(s => s.FirstChange()).FirstOrDefault(c => c is not null);

    /// <summary>Writes the stamp in one rename: a reader finds the old stamp or the new one, never half.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, Serialize());
        File.Move(temporary, path, overwrite: true);
    }

    string Serialize()
    {
        var text = new StringBuilder(Header).Append('\n');
        text.Append($"recorded\t{RecordedNs}\n");
        if (LogFile is not null) text.Append($"log\t{LogFile}\n");
        foreach (var line in SummaryLines) text.Append($"line\t{line}\n");
        for (var i = 0; i < Snapshots.Count; i++)
        {
            var (root, taken) = (Snapshots[i].Root, Snapshots[i].TakenNs);
            var mode = root.StatOnly ? "stat" : "digest";
            text.Append($"root\t{i}\t{taken}\t{mode}\t{string.Join('|', root.Excluded ?? [])}\t{root.Path}\n");
            foreach (var file in Snapshots[i].Files)
                text.Append($"file\t{i}\t{file.Stat}\t{file.Sha256 ?? "-"}\t{file.Path}\n");
        }
        return text.ToString();
    }

    /// <summary>The stamp at <paramref name="path"/>, or null when there is none or it cannot be read as one.</summary>
    public static RunStamp? Read(string path)
    {
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header) return null;
        try { return Parse(lines); }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentException)
        {
            return null;
        }
    }

    static RunStamp Parse(string[] lines)
    {
        long recorded = 0;
        string? log = null;
        var summary = new List<string>();
        var roots = new List<(StampRoot Root, long Taken, List<StampedFile> Files)>();
        foreach (var fields in lines.Skip(1).Select(l => l.Split('\t')))
        {
            switch (fields[0])
            {
                case "recorded": recorded = long.Parse(fields[1]); break;
                case "log": log = fields[1]; break;
                case "line": summary.Add(string.Join('\t', fields[1..])); break;
                case "root": roots.Add((ParseRoot(fields), long.Parse(fields[2]), [])); break;
                case "file": roots[int.Parse(fields[1])].Files.Add(ParseFile(fields)); break;
                default: throw new FormatException($"unknown line '{fields[0]}'");
            }
        }
        var snapshots = roots.Select(r => new StampSnapshot(r.Root, r.Taken, r.Files)).ToList();
        return new RunStamp(recorded, log, summary, snapshots);
    }

    static StampedFile ParseFile(string[] fields) =>
        new(fields[7], FileStat.Parse(fields, 2), fields[6] == "-" ? null : fields[6]);

    static StampRoot ParseRoot(string[] fields) =>
        new(fields[5], StatOnly: fields[3] == "stat",
            Excluded: fields[4].Split('|', StringSplitOptions.RemoveEmptyEntries));
}
