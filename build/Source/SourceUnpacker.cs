using ICSharpCode.SharpZipLib.GZip;
using OpenH264Build.Archives;
using OpenH264Build.Engine;
using OpenH264Build.Processes;

namespace OpenH264Build.Source;

/// <summary>
/// Unpacks the upstream tarball into a folder, dropping its top folder. gzip is read by SharpZipLib; xz (Debian's
/// .orig tarballs) is decompressed by the xz program first, since SharpZipLib does not read xz.
/// </summary>
public static class SourceUnpacker
{
    public static async Task UnpackAsync(string tarball, string targetDirectory, string topDirectory,
        CancellationToken ct)
    {
        var prefix = topDirectory.TrimEnd('/') + "/";
        if (tarball.EndsWith(".tar.xz") || tarball.EndsWith(".txz"))
        {
            var tar = Path.Combine(Path.GetDirectoryName(targetDirectory)!, Path.GetFileName(targetDirectory) + ".tar");
            try
            {
                await using (var output = File.Create(tar))
                    await HostProgram.RunAsync("xz", ["-dc", tarball],
                        new() { StandardOutput = CliWrap.PipeTarget.ToStream(output),
                            Purpose = $"Decompressing {Path.GetFileName(tarball)}" }, ct);
                await using var input = File.OpenRead(tar);
                SafeTarExtractor.Extract(input, targetDirectory, prefix);
            }
            finally
            {
                File.Delete(tar);
            }
        }
        else if (tarball.EndsWith(".tar.gz") || tarball.EndsWith(".tgz"))
        {
            await using var input = new GZipInputStream(File.OpenRead(tarball));
            SafeTarExtractor.Extract(input, targetDirectory, prefix);
        }
        else
        {
            throw new BuildFailure($"{Path.GetFileName(tarball)}: unknown archive type (expected .tar.xz or .tar.gz)");
        }
    }
}
