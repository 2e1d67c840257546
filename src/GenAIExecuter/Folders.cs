using System.Globalization;

namespace GenAIExecuter;

/// <summary>Best-effort housekeeping of the folders the library makes: removing them, and finding those a process
/// left behind when it crashed.</summary>
internal static class Folders
{
    /// <summary>Deletes a folder with everything in it; a file that cannot go (still open, made read-only) is left to
    /// the system's temp cleaner.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Best effort.
        }
    }

    /// <summary>The folders in <paramref name="parent"/> named <c>&lt;prefix&gt;&lt;pid&gt;-…</c> whose process is
    /// gone (Linux, by /proc; elsewhere none). Empty when the parent cannot be listed.</summary>
    public static IReadOnlyList<string> LeftByGoneProcesses(string parent, string prefix)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        try
        {
            return [.. Directory.EnumerateDirectories(parent, prefix + "*").Where(folder =>
            {
                var name = Path.GetFileName(folder)[prefix.Length..];
                var dash = name.IndexOf('-', StringComparison.Ordinal);
                return dash > 0 && int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && pid != Environment.ProcessId && !Directory.Exists($"/proc/{name[..dash]}");
            })];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return []; // another host may be cleaning the same folder
        }
    }
}
