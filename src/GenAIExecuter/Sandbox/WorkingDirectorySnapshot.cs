using System.IO.Enumeration;

namespace GenAIExecuter.Sandbox;

/// <summary>The files of a PERMISSIVE run's working directory (size and time of last write, by relative path), taken
/// before and after the run, so that the files the run created or changed are listed as its artifacts. Folders of
/// tools (<c>.git</c>, <c>node_modules</c>, caches) and the executer's own folders are not walked.</summary>
internal sealed class WorkingDirectorySnapshot
{
    /// <summary>Files walked at most; a bigger working directory is not listed (and the result says so).</summary>
    public const int MaxFiles = 20_000;

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        ".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".mypy_cache", ".pytest_cache", ".ipynb_checkpoints",
    };

    private readonly Dictionary<string, (long Size, DateTime Written)> _files;

    private WorkingDirectorySnapshot(string root, Dictionary<string, (long, DateTime)> files, bool complete)
    {
        Root = root;
        _files = files;
        Complete = complete;
    }

    /// <summary>The working directory.</summary>
    public string Root { get; }

    /// <summary>False when the folder held more than <see cref="MaxFiles"/> files or could not be walked.</summary>
    public bool Complete { get; }

    /// <summary>Walks the folder; <paramref name="skip"/> are full paths of folders not to walk (the history, the artifacts).</summary>
    public static WorkingDirectorySnapshot Take(string root, IReadOnlyCollection<string> skip)
    {
        var files = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint, // symbolic links are not followed into other folders
        };
        try
        {
            var walk = new FileSystemEnumerable<(string Path, long Size, DateTime Written)>(root,
                (ref FileSystemEntry entry) => (entry.ToFullPath(), entry.Length, entry.LastWriteTimeUtc.UtcDateTime), options)
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory,
                ShouldRecursePredicate = (ref FileSystemEntry entry) =>
                    !SkippedFolders.Contains(entry.FileName.ToString()) && !skip.Contains(entry.ToFullPath()),
            };
            foreach (var (path, size, written) in walk)
            {
                if (files.Count == MaxFiles)
                {
                    return new WorkingDirectorySnapshot(root, files, complete: false);
                }

                files[Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/')] = (size, written);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return new WorkingDirectorySnapshot(root, files, complete: false);
        }

        return new WorkingDirectorySnapshot(root, files, complete: true);
    }

    /// <summary>The files that are new in this snapshot or differ from <paramref name="before"/> in size or time of last
    /// write, by relative path (with <c>/</c>), sorted.</summary>
    public IReadOnlyList<string> ChangedSince(WorkingDirectorySnapshot before) =>
        [.. _files.Where(file => !before._files.TryGetValue(file.Key, out var old) || old != file.Value)
            .Select(file => file.Key).Order(StringComparer.Ordinal)];
}
