namespace GenAIExecuter.Sandbox;

/// <summary>Whether this process may make user namespaces (which SAFE runs use for their private scratch and output
/// area), read from the kernel's settings; true for root.</summary>
internal static class UserNamespaces
{
    private static readonly Lazy<bool> Allowed = new(Read);

    public static bool Available() => Allowed.Value;

    private static bool Read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        if (Environment.IsPrivilegedProcess)
        {
            return true;
        }

        return Setting("/proc/sys/user/max_user_namespaces") is not 0
            && Setting("/proc/sys/kernel/unprivileged_userns_clone") is not 0
            && Setting("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") is not 1;
    }

    /// <summary>The number in a kernel setting; null when there is no such setting.</summary>
    private static long? Setting(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), out var value) ? value : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
