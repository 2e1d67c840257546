namespace GenAIExecuter.Sandbox;

/// <summary>Where this process can make cgroups with memory control: its own cgroup in the cgroup v1 memory hierarchy,
/// or a cgroup v2 folder named by <see cref="MemoryCgroup.HomeVariable"/> (cgroup v2 lets only a delegated cgroup
/// without processes of its own give memory control to children, which no process can arrange for itself).</summary>
/// <param name="Folder">The folder new cgroups go in; null when there is none.</param>
/// <param name="Version">1 or 2; 0 when there is none.</param>
/// <param name="UnavailableReason">Why there is none, and what to do about it.</param>
internal sealed record CgroupHome(string? Folder, int Version, string? UnavailableReason)
{
    private const string Fix = "Run as a user who may write its own cgroup (root in a container with cgroup v1), or make a delegated cgroup v2 " +
                               $"with memory control (for example with systemd-run --user -p Delegate=yes) and name it in {MemoryCgroup.HomeVariable}.";

    public static CgroupHome Find()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new CgroupHome(null, 0, "cgroups exist only on Linux");
        }

        if (Environment.GetEnvironmentVariable(MemoryCgroup.HomeVariable) is { Length: > 0 } named)
        {
            return Named(named);
        }

        var own = OwnMemoryCgroupV1();
        if (own is null)
        {
            return new CgroupHome(null, 0, $"this machine has no cgroup v1 memory hierarchy, and {MemoryCgroup.HomeVariable} names no cgroup v2. {Fix}");
        }

        return File.Exists(Path.Combine(own, "memory.limit_in_bytes"))
            ? new CgroupHome(own, 1, null)
            : new CgroupHome(null, 0, $"the memory cgroup of this process ({own}) is not visible here. {Fix}");
    }

    private static CgroupHome Named(string folder)
    {
        if (File.Exists(Path.Combine(folder, "cgroup.subtree_control")))
        {
            var controllers = Read(Path.Combine(folder, "cgroup.subtree_control")) ?? string.Empty;
            return controllers.Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains("memory")
                ? new CgroupHome(folder, 2, null)
                : new CgroupHome(null, 0, $"{MemoryCgroup.HomeVariable} names {folder}, whose cgroup.subtree_control does not give its children memory control (write +memory to it).");
        }

        return File.Exists(Path.Combine(folder, "memory.limit_in_bytes"))
            ? new CgroupHome(folder, 1, null)
            : new CgroupHome(null, 0, $"{MemoryCgroup.HomeVariable} names {folder}, which is not a cgroup with memory control.");
    }

    /// <summary>The folder of this process's cgroup in the v1 memory hierarchy, from /proc/self/cgroup and the mount table.</summary>
    private static string? OwnMemoryCgroupV1()
    {
        var membership = Read("/proc/self/cgroup");
        var mounts = Read("/proc/self/mountinfo");
        if (membership is null || mounts is null)
        {
            return null;
        }

        string? path = null;
        foreach (var line in membership.Split('\n'))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Split(',').Contains("memory"))
            {
                path = parts[2];
            }
        }

        if (path is null)
        {
            return null;
        }

        foreach (var line in mounts.Split('\n'))
        {
            // id parent major:minor root mount-point options [optional fields] - type source super-options
            var halves = line.Split(" - ", 2);
            if (halves.Length != 2)
            {
                continue;
            }

            var head = halves[0].Split(' ');
            var tail = halves[1].Split(' ');
            if (head.Length < 5 || tail.Length < 3 || tail[0] != "cgroup" || !tail[2].Split(',').Contains("memory"))
            {
                continue;
            }

            var root = head[3];
            var mountPoint = head[4];
            if (root == "/" || path == root || path.StartsWith(root + "/", StringComparison.Ordinal))
            {
                var relative = root == "/" ? path : path[root.Length..];
                return mountPoint + (relative == "/" ? string.Empty : relative);
            }
        }

        return null;
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
