namespace GenAIExecuter;

/// <summary>Per-run resource limits. Limits on memory, CPU time, file size, processes and open files apply in
/// <see cref="SecurityMode.Safe"/>; the output caps apply in every mode.</summary>
public sealed class ResourceLimits
{
    /// <summary>The memory a SAFE run may use, in bytes. Where a cgroup can be made (see <c>genai-exec doctor</c>), it
    /// limits the memory the run really uses (resident memory and swap), and a run over it is killed and reported as a
    /// <c>MemoryError</c>; elsewhere it limits the address space, which numeric libraries reserve generously, so leave
    /// room for them.</summary>
    /// <value>The default value is 2 GiB.</value>
    public long MemoryBytes { get; set; } = ResourceLimitsDefaults.MemoryBytes;

    /// <summary>The CPU-time limit of the Python process.</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan CpuTime { get; set; } = ResourceLimitsDefaults.CpuTime;

    /// <summary>The largest file the code may write (only the scratch directory is writable in SAFE mode), in bytes.</summary>
    /// <value>The default value is 64 MiB.</value>
    public long FileSizeBytes { get; set; } = ResourceLimitsDefaults.FileSizeBytes;

    /// <summary>The size of the private scratch file system under bubblewrap, in bytes.</summary>
    /// <value>The default value is 64 MiB.</value>
    public long ScratchSizeBytes { get; set; } = ResourceLimitsDefaults.ScratchSizeBytes;

    /// <summary>The size of a SAFE run's private output area (what it writes in its working directory), in bytes. A
    /// write past it fails with "No space left on device"; what was written before is kept.</summary>
    /// <value>The default value is 64 MiB.</value>
    public long OutputAreaBytes { get; set; } = ResourceLimitsDefaults.OutputAreaBytes;

    /// <summary>The most files and folders a SAFE run may create in its private output area.</summary>
    /// <value>The default value is 256.</value>
    public int MaxOutputFiles { get; set; } = ResourceLimitsDefaults.MaxOutputFiles;

    /// <summary>The limit on processes and threads for the user (RLIMIT_NPROC; Linux does not enforce it for root).</summary>
    /// <value>The default value is 256.</value>
    public int MaxProcesses { get; set; } = ResourceLimitsDefaults.MaxProcesses;

    /// <summary>The number of files the code may hold open at once.</summary>
    /// <value>The default value is 256.</value>
    public int MaxOpenFiles { get; set; } = ResourceLimitsDefaults.MaxOpenFiles;

    /// <summary>The most bytes kept of standard output, and separately of standard error; the rest is dropped with a marker.</summary>
    /// <value>The default value is 1 MiB.</value>
    public int MaxOutputBytes { get; set; } = ResourceLimitsDefaults.MaxOutputBytes;

    internal void Validate()
    {
        Require(MemoryBytes >= 32L << 20, nameof(MemoryBytes), "at least 32 MiB");
        Require(CpuTime >= TimeSpan.FromSeconds(1), nameof(CpuTime), "at least 1 second");
        Require(FileSizeBytes >= 1024, nameof(FileSizeBytes), "at least 1 KiB");
        Require(ScratchSizeBytes >= 1L << 20, nameof(ScratchSizeBytes), "at least 1 MiB");
        Require(OutputAreaBytes >= 1L << 20, nameof(OutputAreaBytes), "at least 1 MiB");
        Require(MaxOutputFiles >= 1, nameof(MaxOutputFiles), "at least 1");
        Require(MaxProcesses >= 1, nameof(MaxProcesses), "at least 1");
        Require(MaxOpenFiles >= 16, nameof(MaxOpenFiles), "at least 16");
        Require(MaxOutputBytes >= 1024, nameof(MaxOutputBytes), "at least 1 KiB");
    }

    private static void Require(bool ok, string name, string rule)
    {
        if (!ok)
        {
            throw new ConfigurationException($"ResourceLimits.{name} must be {rule}.");
        }
    }
}

/// <summary>The default values of <see cref="ResourceLimits"/>, in one place.</summary>
internal static class ResourceLimitsDefaults
{
    public const long MemoryBytes = 2L << 30;
    public static readonly TimeSpan CpuTime = TimeSpan.FromSeconds(60);
    public const long FileSizeBytes = 64L << 20;
    public const long ScratchSizeBytes = 64L << 20;
    public const long OutputAreaBytes = 64L << 20;
    public const int MaxOutputFiles = 256;
    public const int MaxProcesses = 256;
    public const int MaxOpenFiles = 256;
    public const int MaxOutputBytes = 1 << 20;
}
