using System.Runtime.InteropServices;

namespace GenAIExecuter.History;

/// <summary>Gives a complete file its final name only if that name is free, atomically. On Unix this is link(2),
/// which fails with EEXIST when the name is taken (File.Move without overwrite checks, then renames: two savers can
/// both pass the check). On Windows, MoveFileEx without REPLACE_EXISTING is already atomic.</summary>
internal static partial class AtomicPublish
{
    private const int EEXIST = 17;

    /// <summary>True when the file now has the name; false when the name was taken.</summary>
    /// <exception cref="IOException">Any other failure.</exception>
    public static bool TryPublish(string temporary, string final)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                File.Move(temporary, final, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(final))
            {
                return false;
            }
        }

        if (Link(temporary, final) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EEXIST
            ? false
            : throw new IOException($"Could not name '{final}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newName);
}
