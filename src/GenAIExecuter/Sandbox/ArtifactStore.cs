using System.Globalization;

namespace GenAIExecuter.Sandbox;

/// <summary>Where the files of runs are kept: the runner copies each SAFE run's output area into a staging folder of
/// its sandbox (writable for the runner, bound into bubblewrap, hidden from SAFE code), and each run's files move from
/// there into a folder named by the execution's id. The staging folder also holds each run's input files while it
/// runs. It is always in the temporary folder (<see cref="StagingRoot"/>), wherever the artifacts are kept.</summary>
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

    /// <summary>The folder of the sandboxes' staging folders.</summary>
    public static string StagingRoot => Path.Combine(Path.GetTempPath(), "genai-executer", "staging");

    public static ArtifactStore Create(string? directory)
    {
        var root = Path.GetFullPath(directory ?? DefaultDirectory);
        System.IO.Directory.CreateDirectory(root);
        var stagingRoot = Path.GetFullPath(StagingRoot);
        System.IO.Directory.CreateDirectory(stagingRoot);
        foreach (var stale in Folders.LeftByGoneProcesses(stagingRoot, StagingPrefix).Concat(Folders.LeftByGoneProcesses(root, StagingPrefix)))
        {
            Folders.TryDelete(stale);
        }

        var staging = Path.Combine(stagingRoot, $"{StagingPrefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(staging);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(staging, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new ArtifactStore(root, staging);
    }

    /// <summary>Moves a run's files from the staging folder into the execution's folder and describes them.</summary>
    /// <param name="outcome">What the runner reported: <c>artifacts_dir</c> and <c>artifacts</c> (path, size, SHA-256).</param>
    /// <param name="executionId">The execution's id, the name of its folder.</param>
    public IReadOnlyList<Artifact> Keep(RunnerOutcome outcome, string executionId)
    {
        if (outcome["artifacts_dir"] is not { } reported || RunFolder(reported) is not { } staged)
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
        MoveFolder(staged, target);
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

    /// <summary>The run's folder the runner named, when it is what the runner makes: a real folder (not a link) named
    /// <c>run-…</c> right inside the staging folder. Anything else is never moved or deleted.</summary>
    private string? RunFolder(string reported)
    {
        var full = Path.GetFullPath(reported);
        if (Path.GetDirectoryName(full) != Staging || !Path.GetFileName(full).StartsWith("run-", StringComparison.Ordinal))
        {
            return null;
        }

        var folder = new DirectoryInfo(full);
        return folder.Exists && folder.LinkTarget is null ? full : null;
    }

    /// <summary>Moves a folder; across file systems (the staging folder is in the temporary folder, the artifacts may be
    /// elsewhere), copies it and removes the original.</summary>
    private static void MoveFolder(string source, string target)
    {
        try
        {
            System.IO.Directory.Move(source, target);
        }
        catch (IOException) when (System.IO.Directory.Exists(source) && !System.IO.Directory.Exists(target))
        {
            CopyFolder(source, target);
            Folders.TryDelete(source);
        }
    }

    private static void CopyFolder(string source, string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var folder in System.IO.Directory.EnumerateDirectories(source))
        {
            CopyFolder(folder, Path.Combine(target, Path.GetFileName(folder)));
        }
    }

    /// <summary>Removes the staging folder (what is in it belongs to runs whose results were never taken).</summary>
    public void Dispose() => Folders.TryDelete(Staging);
}
