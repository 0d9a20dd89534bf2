using OpenH264Build.Tests.Ci;

namespace OpenH264Build.Tests.Spine;

/// <summary>
/// The patch series a user would try. (./build.sh itself runs in a <see cref="TestTree"/>, never in the checkout.)
/// </summary>
internal static class BuildScript
{

    /// <summary>A one-line change to one .cpp file that changes no code (the string is unused, so the compiler drops
    /// it): a new compile, the same library bytes.</summary>
    public static string TouchOneSource(string marker) => $$"""
        Description: Touch one source file
        Author: Test <test@example.org>
        Origin: other
        Forwarded: not-needed
        Last-Update: 2026-01-01
        ---
        --- a/codec/decoder/plus/src/welsDecoderExt.cpp
        +++ b/codec/decoder/plus/src/welsDecoderExt.cpp
        @@ -1,2 +1,3 @@
        +static const char kTestMarker[] __attribute__((unused)) = "{{marker}}";
         /*!
          * \copy

        """;

    /// <summary>A string of this test run compiled into the library (kept, being used): a library no run has decoded,
    /// so the decode cache, keyed by its sha256, holds nothing for it.</summary>
    public static string NeverDecodedLibrary(string marker) => $$"""
        Description: Test fixture: a string of this test run, so that the library is one no run has decoded
        Author: OpenH264 release engineering
        Origin: other
        Forwarded: not-needed
        Last-Update: 2026-01-01
        ---
        --- a/codec/common/src/utils.cpp
        +++ b/codec/common/src/utils.cpp
        @@ -1,2 +1,3 @@
        +static const char kTestRun[] __attribute__((used)) = "{{marker}}";
         /*!
          * \copy

        """;

    /// <summary>A copy of the project's series in <paramref name="folder"/> with one more patch at its end.</summary>
    public static string SeriesWith(string folder, string name, string patchText)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "native", "patches")))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        File.AppendAllText(Path.Combine(folder, "series"), name + "\n");
        File.WriteAllText(Path.Combine(folder, name), patchText);
        return folder;
    }
}
