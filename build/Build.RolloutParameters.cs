using OpenH264Build.Engine;
using OpenH264Build.Fleet;
using OpenH264Build.Versioning;

namespace OpenH264Build;

/// <summary>
/// Rollout's parameters, each checked before anything runs (exit 2), each refusal one sentence that says what is
/// missing or wrong and what to give instead.
/// </summary>
partial class Build
{
    void CheckRolloutParameters(ParameterCheck check)
    {
        Needed(Inventory,
            "--inventory: the Ansible inventory of the fleet (hosts with openh264_arch amd64/arm64, or in " +
                "groups amd64/arm64)");
        check.Exists(nameof(Inventory), Inventory, PathKind.File);
        Needed(Release, "--release: a release folder, 'dist', or a release tag of --repository such as v2.3.1-1");
        Needed(PublicKey,
            "--public-key: the minisign public key (.pub) the release was signed with, checked before " +
                "any host is contacted");
        check.Exists(nameof(PublicKey), PublicKey, PathKind.File);
        if (Release != "dist" && !Directory.Exists(Release)) CheckReleaseTag();
        foreach (var (name, option, value) in new[] { (nameof(FailureBudget), "--failure-budget", FailureBudget),
                     (nameof(OfflineBudget), "--offline-budget", OfflineBudget) })
            if (!Fleet.FailureBudget.IsValid(value))
                check.Fail(name, value,
                    "accepted: a count such as 3, or a share such as 5%", $"is not a budget for {option}");
        check.AtLeast(nameof(Forks), Forks, 1);
        check.Exists(nameof(KnownHosts), KnownHosts, PathKind.File);
        check.Exists(nameof(AptFolder), AptFolder, PathKind.Folder);
        if (AptUrl is not null && (!Uri.TryCreate(AptUrl, UriKind.Absolute, out var url)
            || url.Scheme is not ("http" or "https")))
            check.Fail(nameof(AptUrl), AptUrl, "accepted: an http(s) address of the served apt repository");
        if (AptUrl is not null && AptFolder is not null)
            throw new BuildConfigurationException(
                "Rollout takes --apt-url or --apt-folder, not both: hosts fetch from one repository.");
    }

    void CheckReleaseTag()
    {
        if (!ReleaseTag.TryParse(Release, out _))
            throw new BuildConfigurationException($"Rollout's --release '{Release}' is neither a folder, nor 'dist', " +
                $"nor a release tag " +
                                                  "such as v2.3.1-1.");
        if (string.IsNullOrWhiteSpace(Repository))
            throw new BuildConfigurationException($"Rollout's --release {Release} names a published release: give " +
                $"--repository owner/name " +
                                                  "(or GITHUB_REPOSITORY) to download it from.");
    }

    static void Needed(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new BuildConfigurationException($"Rollout needs {what}.");
    }
}
