namespace OpenH264Build.Fleet;

/// <summary>
/// How the controller drives Ansible: parallel connections, the known_hosts file every host key is checked
/// against (<c>--known-hosts</c>, else the controller's own <c>~/.ssh/known_hosts</c>), and where its transient
/// files go.
/// </summary>
public sealed record AnsibleSettings(string Inventory, string PlaybookDirectory, int Forks, string ScratchDirectory,
    string KnownHosts)
{
    public string ConfigFile => Path.Combine(ScratchDirectory, "ansible.cfg");

    /// <summary>The controller's own known_hosts, where ssh itself would look.</summary>
    public static string DefaultKnownHosts =>
        Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".ssh",
            "known_hosts");

    /// <summary>
    /// What Ansible takes from the build's environment beyond every child's allow-list: the operator's SSH agent, so
    /// ssh reaches the hosts with the keys the operator already uses. No other program is given it.
    /// </summary>
    public static readonly IReadOnlyList<string> Inherited = ["SSH_AUTH_SOCK"];

    /// <summary>
    /// The environment of every ansible-playbook run. Host keys are checked strictly against one known_hosts file and
    /// never added to it: a host whose key is unknown or changed is refused (<see cref="HostKeyCheck"/> says how to
    /// add it). Pipelining and ControlPersist keep one SSH connection per host for the whole play (the settings that
    /// matter at fleet scale); ServerAlive and the task timeout turn a host that stops answering mid-play (paused,
    /// cable pulled) into an unreachable host instead of a hung wave.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["ANSIBLE_FORKS"] = Forks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ANSIBLE_PIPELINING"] = "True",
        ["ANSIBLE_HOST_KEY_CHECKING"] = "True",
        ["ANSIBLE_SSH_ARGS"] =
            "-o ControlMaster=auto -o ControlPersist=120s -o ServerAliveInterval=5 -o ServerAliveCountMax=3 " +
                               $"-o UserKnownHostsFile=\"{KnownHosts}\" -o GlobalKnownHostsFile=/dev/null -o " +
                                   $"StrictHostKeyChecking=yes " +
                               "-o UpdateHostKeys=no -o BatchMode=yes -o LogLevel=ERROR",
        ["ANSIBLE_SSH_CONTROL_PATH_DIR"] = Path.Combine(ScratchDirectory, "cp"),
        ["ANSIBLE_TIMEOUT"] = "10",
        ["ANSIBLE_TASK_TIMEOUT"] = "300",
        ["ANSIBLE_RETRY_FILES_ENABLED"] = "False",
        ["ANSIBLE_PYTHON_INTERPRETER"] = "auto_silent",
        ["ANSIBLE_LOCAL_TEMP"] = Path.Combine(ScratchDirectory, "tmp"),
        ["ANSIBLE_NOCOLOR"] = "1",
        ["ANSIBLE_DEPRECATION_WARNINGS"] = "False",
        // An empty configuration of our own: an ansible.cfg in the working folder must not change the play.
        ["ANSIBLE_CONFIG"] = ConfigFile,
    };
}
