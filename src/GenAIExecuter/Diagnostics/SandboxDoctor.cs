using GenAIExecuter.Sandbox;

namespace GenAIExecuter.Diagnostics;

/// <summary>Checks what this machine offers SAFE mode (the <c>genai-exec doctor</c> command), each missing piece with
/// what to do about it.</summary>
public static class SandboxDoctor
{
    /// <summary>Checks the interpreter, bubblewrap, Landlock, seccomp and cgroup memory control.</summary>
    /// <param name="options">The options whose interpreter to check; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    /// <returns>The report; it never throws for a missing piece.</returns>
    public static async Task<MachineReport> CheckAsync(CodeExecuterOptions? options = null, CancellationToken cancellationToken = default)
    {
        var checks = new List<MachineCheck> { await CheckPythonAsync(options?.Python, cancellationToken).ConfigureAwait(false) };
        var bubblewrap = await Bubblewrap.DetectAsync(cancellationToken).ConfigureAwait(false);
        checks.Add(bubblewrap.Available
            ? new MachineCheck("bubblewrap", true, $"isolates code ({bubblewrap.Executable})", null)
            : new MachineCheck("bubblewrap", false, bubblewrap.UnavailableReason ?? "not usable", UserNamespaceFix()));
        var landlock = KernelLayers.LandlockAbi;
        checks.Add(landlock > 0
            ? new MachineCheck("landlock", true, $"ABI {landlock}", null)
            : new MachineCheck("landlock", false, $"not offered by this kernel{LsmList()}",
                "Run Linux 5.13 or newer with Landlock among the security modules (the lsm= boot parameter, or CONFIG_LSM)."));
        var seccomp = KernelLayers.Available().Contains(KernelLayers.Seccomp);
        checks.Add(seccomp
            ? new MachineCheck("seccomp", true, "libseccomp2 found", null)
            : new MachineCheck("seccomp", false, OperatingSystem.IsLinux() ? "libseccomp2 not found" : "seccomp exists only on Linux",
                OperatingSystem.IsLinux() ? "Install libseccomp2 (Debian/Ubuntu: apt-get install libseccomp2)." : null));
        checks.Add(CheckCgroupMemory());

        var enforced = bubblewrap.Available || (landlock > 0 && seccomp);
        var layers = string.Join(", ", checks.Where(c => c.Available && c.Name is "bubblewrap" or "landlock" or "seccomp").Select(c => c.Name));
        return new MachineReport
        {
            Checks = checks,
            SafeIsKernelEnforced = enforced,
            SafeVerdict = enforced
                ? $"SAFE mode is enforced by the kernel here ({layers}), on top of the static policy and the runtime guard."
                : "SAFE mode would rest on the in-process guard alone here, so it refuses to run unless the weaker guard is " +
                  "accepted (AllowWeakIsolation, --allow-weak-isolation).",
        };
    }

    private static async Task<MachineCheck> CheckPythonAsync(string? configured, CancellationToken cancellationToken)
    {
        try
        {
            var python = await PythonLocator.ResolveAsync(configured, cancellationToken).ConfigureAwait(false);
            return new MachineCheck("python", true, $"Python {python.Version} at {python.Executable}", null);
        }
        catch (PythonNotFoundException error)
        {
            return new MachineCheck("python", false, "no usable interpreter", error.Message);
        }
    }

    /// <summary>What keeps unprivileged user namespaces (which bubblewrap needs) off on this machine, and the switch.</summary>
    private static string UserNamespaceFix()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "Run on Linux for bubblewrap; the kernel layers and the in-process guard are all other systems get.";
        }

        if (ReadNumber("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
        {
            return "AppArmor restricts unprivileged user namespaces (Ubuntu 23.10 and later): add an AppArmor profile that " +
                   "allows userns for /usr/bin/bwrap, or set the sysctl kernel.apparmor_restrict_unprivileged_userns=0.";
        }

        if (ReadNumber("/proc/sys/kernel/unprivileged_userns_clone") == 0)
        {
            return "Unprivileged user namespaces are off: set the sysctl kernel.unprivileged_userns_clone=1.";
        }

        if (ReadNumber("/proc/sys/user/max_user_namespaces") == 0)
        {
            return "User namespaces are limited to none: set the sysctl user.max_user_namespaces to a positive number.";
        }

        return "Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap). In a container, allow user namespaces " +
               "(Docker: a seccomp profile that allows unshare), or rely on Landlock and seccomp.";
    }

    private static MachineCheck CheckCgroupMemory()
    {
        var home = MemoryCgroup.Probe();
        return home.Folder is not null
            ? new MachineCheck("cgroup-memory", true, $"SAFE limits the memory each run really uses with a cgroup (v{home.Version}, made in {home.Folder})", null)
            : new MachineCheck("cgroup-memory", false, $"SAFE limits each run's address space instead: {home.UnavailableReason}", null);
    }

    private static string LsmList() => ReadText("/sys/kernel/security/lsm") is { } lsm ? $" (security modules: {lsm.Trim()})" : string.Empty;

    private static int? ReadNumber(string path) =>
        int.TryParse(ReadText(path)?.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
