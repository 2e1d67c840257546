using System.Buffers.Binary;
using System.Diagnostics;

namespace GenAIExecuter.Tests.Support;

/// <summary>Checks on PNG files the sandbox returned.</summary>
internal static class Png
{
    /// <summary>Width and height from the PNG's header, after checking its signature.</summary>
    public static (int Width, int Height) Size(byte[] bytes)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    public static (int Width, int Height) Size(string path) => Size(File.ReadAllBytes(path));

    /// <summary>Decodes the whole image with a real PNG decoder (matplotlib's, through Pillow) and returns its shape.</summary>
    public static async Task<string> DecodeAsync(string path)
    {
        var start = new ProcessStartInfo(SystemPython.Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sys, matplotlib.image as m; print(m.imread(sys.argv[1]).shape)");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        return output.Trim();
    }
}
