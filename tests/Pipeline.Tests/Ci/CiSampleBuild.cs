using OpenH264Build.Engine;

namespace OpenH264Build.Tests.Ci;

// Parameters are filled by the engine through reflection.
#pragma warning disable CS0649

/// <summary>A small build with the shape of the real one, so the generator is tested apart from the pipeline.</summary>
internal class CiSampleBuild : NukeBuild
{
    [Parameter("Arches")] public string[] Arch = ["x86_64"];
    [Parameter("Signing key"), Secret] public string? SigningKey;
    [Parameter("Token", EnvironmentVariable = "GITHUB_TOKEN"), Secret] public string? GithubToken;
    [Parameter("Repository")] public string? Repository;

    public Target Compile => _ => _.Description("compile");
    public Target Package => _ => _.Description("package").DependsOn(Compile);
    public Target Test => _ => _.Description("test");
}

/// <summary>The same build with Package renamed, as a refactoring would leave it.</summary>
internal sealed class RenamedSampleBuild : NukeBuild
{
    public Target Compile => _ => _.Description("compile");
    public Target Pack => _ => _.Description("package").DependsOn(Compile);
    public Target Test => _ => _.Description("test");
}
