using System.Globalization;

namespace GenAIExecuter.Sandbox;

/// <summary>Where the files of runs are kept: the runner copies each SAFE run's output area into a staging folder of
/// its sandbox (writable for the runner, bound into bubblewrap), and each run's files move from there into a folder
/// named by the execution's id.</summary>
internal sealed class ArtifactStore : IDisposable
{
    private const string StagingPrefix = ".staging-";

    private ArtifactStore(string directory, string staging)
    {
        Directory = directory;
        Staging = staging;
    }

    /// <summary>The folder that holds a folder per execution.</summary>
    public string Directory { get; }

    /// <summary>The sandbox's staging folder, where the runner writes.</summary>
    public string Staging { get; }

    public static string DefaultDirectory => Path.Combine(Path.GetTempPath(), "genai-executer", "artifacts");

    public static ArtifactStore Create(string? directory)
    {
        var root = Path.GetFullPath(directory ?? DefaultDirectory);
        System.IO.Directory.CreateDirectory(root);
        foreach (var stale in Folders.LeftByGoneProcesses(root, StagingPrefix))
        {
            Folders.TryDelete(stale);
        }

        var inRoot = Path.Combine(root, $"{StagingPrefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(inRoot);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(inRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new ArtifactStore(root, inRoot);
    }

    /// <summary>Moves a run's files from the staging folder into the execution's folder and describes them.</summary>
    /// <param name="outcome">What the runner reported: <c>artifacts_dir</c> and <c>artifacts</c> (path, size, SHA-256).</param>
    /// <param name="executionId">The execution's id, the name of its folder.</param>
    public IReadOnlyList<Artifact> Keep(RunnerOutcome outcome, string executionId)
    {
        if (outcome["artifacts_dir"] is not { } staged || !staged.StartsWith(Staging + "/", StringComparison.Ordinal) || !System.IO.Directory.Exists(staged))
        {
            return [];
        }

        var entries = (outcome["artifacts"] ?? string.Empty).Split('\x1f', StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            Folders.TryDelete(staged);
            return [];
        }

        var target = Path.Combine(Directory, executionId);
        Folders.TryDelete(target);
        System.IO.Directory.Move(staged, target);
        var artifacts = new List<Artifact>(entries.Length);
        foreach (var entry in entries)
        {
            var parts = entry.Split('\x1e');
            if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                continue;
            }

            var location = Path.GetFullPath(Path.Combine(target, parts[0]));
            if (location.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                artifacts.Add(new Artifact(parts[0], size, MediaTypes.Of(parts[0]), parts[2], location));
            }
        }

        return artifacts;
    }

    /// <summary>Removes the staging folder (what is in it belongs to runs whose results were never taken).</summary>
    public void Dispose() => Folders.TryDelete(Staging);
}
