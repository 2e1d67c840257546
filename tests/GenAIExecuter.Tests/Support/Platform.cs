using System.Diagnostics;

namespace GenAIExecuter.Tests.Support;

/// <summary>What this machine offers the tests, probed once at discovery.</summary>
internal static class Platform
{
    private static readonly Lazy<string?> BwrapProblem = new(ProbeBwrap);

    /// <summary>Null when bubblewrap works here; otherwise why it does not.</summary>
    public static string? WhyNoBwrap => BwrapProblem.Value;

    /// <summary>Null when this kernel offers SAFE mode's kernel layers (Landlock and seccomp); otherwise what it lacks.</summary>
    public static string? WhyNoKernelLayers
    {
        get
        {
            var layers = GenAIExecuter.Sandbox.KernelLayers.Available();
            return layers.Contains(GenAIExecuter.Sandbox.KernelLayers.Landlock) && layers.Contains(GenAIExecuter.Sandbox.KernelLayers.Seccomp)
                ? null
                : $"Needs Landlock and seccomp (libseccomp2); this machine offers: {string.Join(", ", layers.DefaultIfEmpty("neither"))}.";
        }
    }

    /// <summary>Null when SAFE mode can limit memory with a cgroup here; otherwise why not.</summary>
    public static string? WhyNoMemoryCgroup => GenAIExecuter.Sandbox.MemoryCgroup.Probe().UnavailableReason is { } reason
        ? $"Needs cgroup memory control: {reason}"
        : WhyNoKernelLayers;

    private static string? ProbeBwrap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "bubblewrap exists only on Linux";
        }

        try
        {
            var start = new ProcessStartInfo("bwrap") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "--ro-bind", "/", "/", "--unshare-all", "--proc", "/proc", "--dev", "/dev", "true" })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"bwrap cannot create namespaces here: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "bwrap is not installed (apt-get install bubblewrap)";
        }
    }
}

/// <summary>A fact that needs Linux.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        Timeout = TestTimeouts.Default;
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only: the sandbox's process and file-system checks use /proc.";
        }
    }
}

/// <summary>A theory that needs Linux.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        Timeout = TestTimeouts.Default;
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only: the sandbox's process and file-system checks use /proc.";
        }
    }
}

/// <summary>A fact that needs bubblewrap; skipped, with the reason, where it cannot run.</summary>
public sealed class BwrapFactAttribute : FactAttribute
{
    public BwrapFactAttribute()
    {
        Timeout = TestTimeouts.Default;
        if (Platform.WhyNoBwrap is { } reason)
        {
            Skip = $"Needs bubblewrap: {reason}.";
        }
    }
}

/// <summary>A theory that needs bubblewrap; skipped, with the reason, where it cannot run.</summary>
public sealed class BwrapTheoryAttribute : TheoryAttribute
{
    public BwrapTheoryAttribute()
    {
        Timeout = TestTimeouts.Default;
        if (Platform.WhyNoBwrap is { } reason)
        {
            Skip = $"Needs bubblewrap: {reason}.";
        }
    }
}

/// <summary>A theory that needs the kernel layers of SAFE mode (Landlock and seccomp); skipped, with the reason, where
/// this kernel lacks them.</summary>
public sealed class KernelLayersTheoryAttribute : TheoryAttribute
{
    public KernelLayersTheoryAttribute()
    {
        Timeout = TestTimeouts.Default;
        Skip = Platform.WhyNoKernelLayers;
    }
}

/// <summary>A fact that needs the kernel layers of SAFE mode (Landlock and seccomp); skipped, with the reason, where
/// this kernel lacks them.</summary>
public sealed class KernelLayersFactAttribute : FactAttribute
{
    public KernelLayersFactAttribute()
    {
        Timeout = TestTimeouts.Default;
        Skip = Platform.WhyNoKernelLayers;
    }
}

/// <summary>A theory that needs cgroup memory control and the kernel layers; skipped, with the reason, where they are missing.</summary>
public sealed class MemoryCgroupTheoryAttribute : TheoryAttribute
{
    public MemoryCgroupTheoryAttribute()
    {
        Timeout = TestTimeouts.Default;
        Skip = Platform.WhyNoMemoryCgroup;
    }
}

/// <summary>A fact that needs cgroup memory control and the kernel layers; skipped, with the reason, where they are missing.</summary>
public sealed class MemoryCgroupFactAttribute : FactAttribute
{
    public MemoryCgroupFactAttribute()
    {
        Timeout = TestTimeouts.Default;
        Skip = Platform.WhyNoMemoryCgroup;
    }
}
