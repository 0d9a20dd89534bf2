using OpenH264Build.Formats;
using OpenH264Build.Host;
namespace OpenH264Build.Pipeline;

/// <summary>Where everything of one run lives. All output goes under artifacts/, which git ignores.</summary>
public sealed record RunPaths(string Root)
{
    public string Native => Path.Combine(Root, "native");
    public string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>Content-addressed stage outputs: a folder per stage and key, reused while the key is
    /// unchanged.</summary>
    public string Cache => Path.Combine(Artifacts, "cache");

    /// <summary>What users download. Replaced as a whole, and only when the whole run succeeded.</summary>
    public string Dist => Path.Combine(Artifacts, "dist");

    /// <summary>The next dist, filled by Package, Sign and the checks; it becomes dist at the end of a good
    /// run.</summary>
    public string DistStaging => Path.Combine(Artifacts, ".staging", "dist");

    /// <summary>The output of the last run that did not end in a complete signed dist (artifacts/dist is kept
    /// then).</summary>
    public string PartialDist => Path.Combine(Artifacts, "dist-partial");

    /// <summary>Reports of the checks (ABI, compatibility, the run's index page).</summary>
    public string Reports => Path.Combine(Artifacts, "reports");

    /// <summary>Scratch folders of the checks, per check and arch; thrown away and made again freely.</summary>
    public string Work(string check, TargetArch arch) => Path.Combine(Artifacts, ".work", check, arch.Name());

    /// <summary>
    /// Where development keys are made when no release key is given (never part of a release). Beside artifacts/,
    /// not in it: CI uploads artifacts/, and no upload may ever hold a private key.
    /// </summary>
    public string DevelopmentKeys => Path.Combine(Root, ".development-keys");

    public string SourcePin => Path.Combine(Native, "source.json");
    public string CompileScript => Path.Combine(Native, "compile", "compile-openh264.sh");
    public string Harness => Path.Combine(Native, "harness");
}
