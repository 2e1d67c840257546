using System.Globalization;

namespace GenAIExecuter.Sandbox;

/// <summary>The bubblewrap command line for each security mode.</summary>
internal static class BubblewrapArguments
{
    /// <summary>The scratch directory inside the sandbox: on a private, size-limited tmpfs.</summary>
    public const string ScratchPath = "/tmp/genai-scratch";

    /// <summary>System folders replaced by empty private ones; never re-exposed (that would undo the privacy).</summary>
    public static readonly string[] HiddenSystemRoots = ["/tmp", "/run", "/var/tmp", "/dev/shm"];

    /// <param name="mode">The security mode.</param>
    /// <param name="paths">What to hide and what to expose.</param>
    /// <param name="limits">The sizes of the private file systems.</param>
    /// <param name="runnerWrites">Folders the runner writes: the cgroup it limits its runs' memory in, and the staging
    /// folder it copies their files to. Its workers lose write access to them with Landlock and the guard.</param>
    public static List<string> For(SecurityMode mode, SandboxPaths paths, ResourceLimits limits, IReadOnlyList<string>? runnerWrites = null) =>
        mode == SecurityMode.Safe ? Safe(paths, limits, runnerWrites ?? []) : Permissive();

    /// <summary>PERMISSIVE: the real file system, read-write, and the network; only a PID namespace, so the
    /// executer's own process (and its environment) is invisible and the whole tree dies with the run.</summary>
    /// <remarks>No <c>--die-with-parent</c> in either mode: it relies on PR_SET_PDEATHSIG, which fires when the
    /// <em>thread</em> that started bwrap exits, and .NET starts processes from pool threads that retire when idle.
    /// The runner watches its request pipe instead, and kills its tree when the executer goes away.</remarks>
    private static List<string> Permissive() =>
        ["--dev-bind", "/", "/", "--proc", "/proc", "--unshare-pid", "--new-session"];

    private static List<string> Safe(SandboxPaths paths, ResourceLimits limits, IReadOnlyList<string> runnerWrites)
    {
        var args = new List<string> { "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc" };
        args.AddRange(["--size", limits.ScratchSizeBytes.ToString(CultureInfo.InvariantCulture), "--tmpfs", "/tmp"]);
        args.AddRange(["--dir", ScratchPath]);
        // Every tmpfs is sized: an unsized one would let a run hold the machine's memory in files.
        var size = limits.ScratchSizeBytes.ToString(CultureInfo.InvariantCulture);
        foreach (var root in HiddenSystemRoots.Skip(1).Where(Directory.Exists))
        {
            args.AddRange(["--size", size, "--tmpfs", root]);
        }

        var hidden = new List<string>(HiddenSystemRoots);
        // A folder inside a hidden system root (the executer's staging in /tmp) is hidden with it: no mount of its own.
        foreach (var root in paths.Hidden.Where(root => !HiddenSystemRoots.Any(system => SandboxPaths.IsInside(root, system))))
        {
            args.AddRange(["--size", size, "--tmpfs", root]);
            hidden.Add(root);
        }

        // Re-expose, read-only, what lives inside a hidden root: the interpreter, its packages, the working directory.
        foreach (var path in paths.Exposed.Where(p => hidden.Any(h => SandboxPaths.IsInside(p, h))
            && !HiddenSystemRoots.Any(root => SandboxPaths.IsInside(root, p))))
        {
            args.AddRange(["--ro-bind-try", path, path]);
        }

        foreach (var secret in paths.SecretFiles)
        {
            args.AddRange(["--ro-bind", "/dev/null", secret]);
        }

        foreach (var folder in runnerWrites)
        {
            args.AddRange(["--bind", folder, folder]);
        }

        args.AddRange([
            "--unshare-all", "--new-session", "--cap-drop", "ALL",
            "--hostname", "genai-sandbox", "--chdir", "/",
        ]);
        if (Environment.IsPrivilegedProcess)
        {
            // Run as root, bubblewrap makes no user namespace, and a worker may map root into its own (for its private
            // scratch) only with CAP_SETFCAP. The worker loses it as it enters that namespace, before any request.
            args.AddRange(["--cap-add", "CAP_SETFCAP"]);
        }

        return args;
    }
}
