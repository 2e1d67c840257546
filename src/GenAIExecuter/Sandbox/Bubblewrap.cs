using System.Diagnostics;

namespace GenAIExecuter.Sandbox;

/// <summary>Whether bubblewrap can isolate code on this machine, probed once per process; a success is kept on disk
/// (<see cref="ProbeCache"/>) for the next processes, keyed by bwrap's path, size and modification time, the user,
/// the kernel's release and its user-namespace settings. A failure is probed again each time (it may be fixed).</summary>
/// <param name="Executable">The <c>bwrap</c> executable, when usable.</param>
/// <param name="UnavailableReason">Why it is not usable; null when it is.</param>
internal sealed record Bubblewrap(string? Executable, string? UnavailableReason)
{
    private static readonly Lazy<Task<Bubblewrap>> Probe = new(DetectAsync);

    public bool Available => Executable is not null;

    public static Task<Bubblewrap> DetectAsync(CancellationToken cancellationToken) => Probe.Value.WaitAsync(cancellationToken);

    private static async Task<Bubblewrap> DetectAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new Bubblewrap(null, "bubblewrap isolation exists only on Linux");
        }

        var bwrap = ExecutableSearch.Find("bwrap");
        if (bwrap is null)
        {
            return new Bubblewrap(null, "bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)");
        }

        var key = CacheKey(bwrap);
        if (ProbeCache.TryRead("bwrap", key) == "works")
        {
            return new Bubblewrap(bwrap, null);
        }

        var start = new ProcessStartInfo(bwrap) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--ro-bind", "/", "/", "--unshare-all", "--cap-drop", "ALL", "--proc", "/proc", "--dev", "/dev", "true" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var errors = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                return new Bubblewrap(null, $"bwrap cannot create namespaces here: {errors.Trim()}");
            }

            ProbeCache.Write("bwrap", key, "works");
            return new Bubblewrap(bwrap, null);
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return new Bubblewrap(null, $"bwrap could not be started: {error.Message}");
        }
    }

    private static readonly string[] KernelSettings =
    [
        "/proc/sys/kernel/osrelease", "/proc/sys/user/max_user_namespaces", "/proc/sys/kernel/unprivileged_userns_clone",
        "/proc/sys/kernel/apparmor_restrict_unprivileged_userns",
    ];

    /// <summary>What bubblewrap's working depends on.</summary>
    internal static string CacheKey(string bwrap)
    {
        var key = new System.Text.StringBuilder().Append("bwrap ").AppendLine(ProbeCache.Stamp(bwrap))
            .Append("user ").AppendLine(Environment.UserName).Append("root ").AppendLine(Environment.IsPrivilegedProcess ? "yes" : "no");
        foreach (var setting in KernelSettings)
        {
            string value;
            try
            {
                value = File.Exists(setting) ? File.ReadAllText(setting).Trim() : "absent";
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                value = "unreadable";
            }

            key.Append(setting).Append(' ').AppendLine(value);
        }

        return key.ToString();
    }
}
