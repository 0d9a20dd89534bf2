namespace OpenH264Build.Patching;

/// <summary>What ImportPatch adds (a format-patch file or mbox, a pull request's .patch address, a quilt series folder)
/// and the series it joins, read and applied as Patch applies it.</summary>
public sealed record ImportPatchOptions(string From, PatchOptions Series);
