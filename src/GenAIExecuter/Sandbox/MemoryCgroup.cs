using System.Globalization;

namespace GenAIExecuter.Sandbox;

/// <summary>A cgroup with memory control that SAFE runs are limited in: one per sandbox, made below a cgroup this
/// process may write, and removed on dispose. Its runner makes one child cgroup per run and sets the run's limit on
/// it, so that a run is limited in the memory it really uses (resident memory and swap), not in the address space it
/// reserves, which numeric libraries reserve per thread.</summary>
internal sealed class MemoryCgroup : IDisposable
{
    /// <summary>The variable that names a cgroup folder to make sandbox cgroups in (a delegated cgroup v2, for example
    /// one made by <c>systemd-run --user -p Delegate=yes</c>), instead of the one found on its own.</summary>
    public const string HomeVariable = "GENAI_EXECUTER_CGROUP";

    /// <summary>The variable that gives the runner its cgroup: the folder and the version, separated by a newline.</summary>
    public const string RunnerVariable = "GENAI_CGROUP";

    private const string Prefix = "genai-executer-";
    private static readonly Lazy<CgroupHome> Home = new(CgroupHome.Find);
    private static int s_counter;
    private int _removed;

    private MemoryCgroup(string path, int version)
    {
        Path = path;
        Version = version;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The cgroup's folder.</summary>
    public string Path { get; }

    /// <summary>1 or 2.</summary>
    public int Version { get; }

    /// <summary>The runner's value of <see cref="RunnerVariable"/>.</summary>
    public string RunnerValue => $"{Path}\n{Version.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Where sandbox cgroups would be made, or why none can be (never throws).</summary>
    public static CgroupHome Probe() => Home.Value;

    /// <summary>Makes a new cgroup for a sandbox; null, with the reason, where this machine gives none.</summary>
    public static MemoryCgroup? TryCreate(out string? unavailableReason)
    {
        var home = Home.Value;
        if (home.Folder is null)
        {
            unavailableReason = home.UnavailableReason;
            return null;
        }

        foreach (var stale in Folders.LeftByGoneProcesses(home.Folder, Prefix))
        {
            RemoveTree(stale);
        }

        var path = System.IO.Path.Combine(home.Folder,
            $"{Prefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Interlocked.Increment(ref s_counter).ToString(CultureInfo.InvariantCulture)}");
        try
        {
            Directory.CreateDirectory(path);
            if (home.Version == 1 && File.Exists(System.IO.Path.Combine(path, "memory.use_hierarchy")))
            {
                TryWrite(System.IO.Path.Combine(path, "memory.use_hierarchy"), "1");
            }

            unavailableReason = null;
            return new MemoryCgroup(path, home.Version);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            unavailableReason = $"a cgroup could not be made in {home.Folder}: {error.Message}";
            return null;
        }
    }

    /// <summary>Removes the cgroup and the run cgroups its runner left (each is empty once its processes are gone).
    /// Where a process is still leaving one, it is tried again when this process exits.</summary>
    public void Dispose()
    {
        if (Volatile.Read(ref _removed) == 0 && RemoveTree(Path) && Interlocked.Exchange(ref _removed, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    /// <summary>Removes a cgroup folder (rmdir: cgroup folders hold no files that can be deleted) after its children.</summary>
    private static bool RemoveTree(string path)
    {
        try
        {
            foreach (var child in Directory.EnumerateDirectories(path))
            {
                RemoveTree(child);
            }

            Directory.Delete(path);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false; // a process still in it (it is being killed)
        }
    }

    internal static bool TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
