namespace OpenH264Build;

partial class Build
{
    void EnsurePrerequisites() => throw new NotImplementedException();
    void FetchSource() => throw new NotImplementedException();
    void ApplyPatches() => throw new NotImplementedException();
    void BuildToolchainImage() => throw new NotImplementedException();
    void CompileLibraries() => throw new NotImplementedException();
    void PackageLibraries() => throw new NotImplementedException();
    void RunTests() => throw new NotImplementedException();
}
