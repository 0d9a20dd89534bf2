using OpenH264Build.Engine;

namespace OpenH264Build.Archives;

/// <summary>
/// The one way a tar that a container gave reaches the build host: copied aside up to its cap (a larger one stops
/// the copy and fails with one line), every header checked (no fifos, devices or hard links; links only as the limits
/// allow), then extracted by <see cref="SafeTarExtractor"/>. Nothing of it is ever followed on the host.
/// </summary>
public static class ContainerTarReader
{
    public static async Task<int> ExtractAsync(Stream tar, string targetDirectory, TarLimits limits, string? stripPrefix,
        CancellationToken ct)
    {
        var full = Path.GetFullPath(targetDirectory).TrimEnd('/');
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var scratch = $"{full}.{Guid.NewGuid().ToString("N")[..8]}.tar";
        try
        {
            await CopyCappedAsync(tar, scratch, limits, ct);
            return ExtractFile(scratch, full, limits, stripPrefix);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    /// <summary>A tar already on disk (copied under its cap): headers checked, then extracted.</summary>
    public static int ExtractFile(string tarFile, string targetDirectory, TarLimits limits, string? stripPrefix)
    {
        using var file = File.OpenRead(tarFile);
        if (file.Length > limits.MaxBytes)
            throw new BuildFailure($"{limits.What}: its output is larger than the cap of {limits.Cap}; refused");
        TarHeaderScan.EnsureOnlyAllowedTypes(file, limits);
        file.Position = 0;
        return SafeTarExtractor.Extract(file, targetDirectory, stripPrefix, limits);
    }

    /// <summary>Copies the stream to a file, failing as soon as it passes the cap (the rest is never read).</summary>
    public static async Task CopyCappedAsync(Stream source, string path, TarLimits limits, CancellationToken ct)
    {
        await using var output = File.Create(path);
        var buffer = new byte[1 << 16];
        long total = 0;
        for (int read; (read = await source.ReadAsync(buffer, ct)) > 0;)
        {
            total += read;
            if (total > limits.MaxBytes)
                throw new BuildFailure($"{limits.What}: its output is larger than the cap of {limits.Cap}; refused");
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }
}
