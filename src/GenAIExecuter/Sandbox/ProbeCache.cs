using System.Security.Cryptography;
using System.Text;

namespace GenAIExecuter.Sandbox;

/// <summary>What a process learned by probing (the interpreter, bubblewrap), kept on disk so that the next process
/// need not probe again: one small text file per key in the user's cache folder (<c>probes/</c>). The key holds
/// everything the answer depends on (paths, sizes, modification times, settings), so an entry is never stale: when
/// any of it changes, the key does, and the probe runs again. The file repeats its key, so a corrupt, foreign or
/// colliding file is ignored (and rewritten); writes go to a temporary file renamed into place, so two processes
/// writing at once leave one whole entry.</summary>
internal static class ProbeCache
{
    private const string Header = "genai-executer probe v1";

    /// <summary>The folder of the entries.</summary>
    internal static string Folder { get; } = Path.Combine(CacheFolder.Path, "probes");

    /// <summary>The value stored under the key, or null when there is none (or it is unreadable or foreign).</summary>
    public static string? TryRead(string kind, string key)
    {
        try
        {
            var text = File.ReadAllText(FileFor(kind, key));
            var prefix = $"{Header}\n{key}\n\n";
            return text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores a value under the key (best effort: a cache that cannot be written only costs the next probe).</summary>
    public static void Write(string kind, string key, string value)
    {
        var target = FileFor(kind, key);
        var temporary = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            CacheFolder.CreatePrivate(Folder);
            File.WriteAllText(temporary, $"{Header}\n{key}\n\n{value}");
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Best effort.
            }
        }
    }

    /// <summary>A file's identity for a key: its real path, size and modification time (or that it is missing or unreadable).</summary>
    public static string Stamp(string path)
    {
        try
        {
            var real = new FileInfo(path);
            if (real.LinkTarget is not null)
            {
                real = (FileInfo?)real.ResolveLinkTarget(returnFinalTarget: true) ?? real;
            }

            return real.Exists ? $"{real.FullName} {real.Length} {real.LastWriteTimeUtc.Ticks}" : $"{path} missing";
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"{path} unreadable";
        }
    }

    internal static string FileFor(string kind, string key) =>
        Path.Combine(Folder, $"{kind}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..24]}.txt");
}
