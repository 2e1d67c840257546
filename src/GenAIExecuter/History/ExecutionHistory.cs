using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GenAIExecuter.History;

/// <summary>
/// The execution history: one JSON file per execution in a folder, named <c>&lt;execution_id&gt;_OK.json</c> or
/// <c>_FAIL.json</c>, in the original Python module's format. Saves are atomic (a temporary file, then a rename that
/// never replaces a file), ids are unique across threads and processes sharing the folder, and unreadable or foreign
/// files are skipped with a warning. Listing reads file names and opens only the files it returns.
/// </summary>
public sealed class ExecutionHistory
{
    private const int MaxSaveTries = 1000;
    private readonly ILogger _logger;

    /// <summary>Opens the history kept in a folder (created on the first save).</summary>
    /// <param name="directory">The folder, for example <c>executions</c>.</param>
    /// <param name="logger">Where warnings about skipped files go; null for none.</param>
    public ExecutionHistory(string directory, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Saves an execution. If its id is already taken in the folder (another execution finished in the
    /// same microsecond, here or in another process), the next free microsecond is used.</summary>
    /// <returns>The result as saved: its final id, and <see cref="ExecutionResult.SavedTo"/> set.</returns>
    /// <exception cref="HistoryException">The folder or the file could not be written (permissions, a full disk).</exception>
    public ExecutionResult Save(ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new HistoryException($"Could not create the history folder '{Directory}': {error.Message}", error);
        }

        var id = result.ExecutionId;
        for (var attempt = 0; attempt < MaxSaveTries; attempt++)
        {
            var folder = Path.Combine(Directory, id);
            if (result.Artifacts.Count > 0 && System.IO.Directory.Exists(folder))
            {
                id = RecordFileName.Later(id, 1 + Random.Shared.Next(8));
                continue;
            }

            var artifacts = KeepArtifacts(result.Artifacts, folder);
            var saved = result with { ExecutionId = id, SavedTo = Path.Combine(Directory, RecordFileName.For(id, result.Success)), Artifacts = artifacts };
            if (TryPublish(saved, Encoding.UTF8.GetBytes(saved.ToJson())))
            {
                RemoveSources(result.Artifacts, result.ExecutionId);
                return saved;
            }

            Folders.TryDelete(folder);

            // Taken: move on by a few microseconds (a little randomness, so two savers do not keep colliding).
            id = RecordFileName.Later(id, 1 + Random.Shared.Next(8));
        }

        throw new HistoryException($"Could not find a free execution id in '{Directory}' after {MaxSaveTries} tries.");
    }

    /// <summary>The newest executions, newest first.</summary>
    /// <param name="limit">How many at most (at least 1).</param>
    /// <param name="successOnly">Only successful executions.</param>
    public HistoryPage List(int limit = 10, bool successOnly = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var executions = new List<ExecutionResult>();
        var skipped = new List<SkippedRecord>();
        foreach (var name in Names().Where(n => !successOnly || n.Success).OrderByDescending(n => n.Id, StringComparer.Ordinal))
        {
            if (executions.Count == limit)
            {
                break;
            }

            var path = Path.Combine(Directory, name.Name);
            if (TryRead(path, out var execution, out var reason))
            {
                executions.Add(execution);
            }
            else if (reason is not null)
            {
                skipped.Add(new SkippedRecord(path, reason));
                HistoryLog.Skipped(_logger, path, reason);
            }
        }

        return new HistoryPage(executions, skipped);
    }

    /// <summary>The execution with this id, or with an id that starts with it when only one does.</summary>
    /// <returns>The execution; null when no id matches.</returns>
    /// <exception cref="AmbiguousExecutionIdException">Several executions match the prefix.</exception>
    /// <exception cref="HistoryException">The matching file cannot be read.</exception>
    public ExecutionResult? Get(string idOrPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrPrefix);
        var matches = Names().Where(n => n.Id.StartsWith(idOrPrefix, StringComparison.Ordinal)).ToList();
        var exact = matches.Where(n => n.Id == idOrPrefix).ToList();
        if (exact.Count > 0)
        {
            matches = exact;
        }

        var ids = matches.Select(n => n.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return null;
        }

        if (ids.Count > 1)
        {
            var shown = string.Join(", ", ids.Take(5)) + (ids.Count > 5 ? ", …" : string.Empty);
            throw new AmbiguousExecutionIdException($"'{idOrPrefix}' matches {ids.Count} executions ({shown}); give more of the id.");
        }

        var path = Path.Combine(Directory, matches[0].Name);
        return TryRead(path, out var execution, out var reason)
            ? execution
            : throw new HistoryException($"The execution file '{path}' cannot be read: {reason ?? "it disappeared"}.");
    }

    /// <summary>Deletes all executions but the newest <paramref name="keepRecent"/>; other files in the folder are left alone.</summary>
    /// <returns>How many were deleted.</returns>
    public int Clear(int keepRecent = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepRecent);
        var deleted = 0;
        foreach (var name in Names().OrderByDescending(n => n.Id, StringComparer.Ordinal).Skip(keepRecent))
        {
            try
            {
                File.Delete(Path.Combine(Directory, name.Name));
                Folders.TryDelete(Path.Combine(Directory, name.Id));
                deleted++;
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                HistoryLog.Skipped(_logger, Path.Combine(Directory, name.Name), $"could not delete it: {error.Message}");
            }
        }

        return deleted;
    }

    /// <summary>Copies a run's files into the execution's folder beside its record (the folder named by its id).</summary>
    private static IReadOnlyList<Artifact> KeepArtifacts(IReadOnlyList<Artifact> artifacts, string folder)
    {
        if (artifacts.Count == 0)
        {
            return artifacts;
        }

        var kept = new List<Artifact>(artifacts.Count);
        try
        {
            foreach (var artifact in artifacts)
            {
                var target = Path.GetFullPath(Path.Combine(folder, artifact.Path));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(artifact.Location, target);
                kept.Add(artifact with { Location = target });
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Folders.TryDelete(folder);
            throw new HistoryException($"Could not keep the execution's files in '{folder}': {error.Message}", error);
        }

        return kept;
    }

    /// <summary>Removes the folder a run's files were kept in before they were saved (named by the execution's id).</summary>
    private static void RemoveSources(IReadOnlyList<Artifact> artifacts, string executionId)
    {
        foreach (var source in artifacts.Select(a => a.Location[..^a.Path.Length].TrimEnd('/', '\\')).Distinct(StringComparer.Ordinal))
        {
            if (Path.GetFileName(source) == executionId)
            {
                Folders.TryDelete(source);
            }
        }
    }

    private IEnumerable<RecordFileName> Names()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            yield break;
        }

        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            if (RecordFileName.TryParse(Path.GetFileName(path), out var name))
            {
                yield return name;
            }
        }
    }

    /// <summary>Writes the record to a temporary file, then gives it its final name only if the name is free
    /// (<see cref="AtomicPublish"/>): a record is either complete under its name or absent, and no save replaces another.</summary>
    private bool TryPublish(ExecutionResult saved, byte[] bytes)
    {
        var final = saved.SavedTo!;
        var temporary = Path.Combine(Directory, $".{saved.ExecutionId}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temporary, bytes);
            if (!AtomicPublish.TryPublish(temporary, final))
            {
                return false; // taken (perhaps only for a moment: its owner may be giving way right now)
            }

            // The same id with the other suffix counts as taken too; whoever linked second gives way.
            if (File.Exists(Path.Combine(Directory, RecordFileName.For(saved.ExecutionId, !saved.Success))))
            {
                File.Delete(final);
                return false;
            }

            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new HistoryException($"Could not save execution {saved.ExecutionId} in '{Directory}': {error.Message}", error);
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private static bool TryRead(string path, out ExecutionResult execution, out string? reason)
    {
        execution = null!;
        reason = null;
        try
        {
            execution = ExecutionResult.FromJson(File.ReadAllText(path)) with { SavedTo = path };
            return true;
        }
        catch (FileNotFoundException)
        {
            return false; // deleted meanwhile: not worth a warning
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or DecoderFallbackException)
        {
            reason = error.Message;
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is ignored by every reader.
        }
    }
}

/// <summary>The history's log messages.</summary>
internal static partial class HistoryLog
{
    [LoggerMessage(20, LogLevel.Warning, "Skipped history file {Path}: {Reason}")]
    public static partial void Skipped(ILogger logger, string path, string reason);

    [LoggerMessage(21, LogLevel.Error, "Could not save the execution: {Reason}")]
    public static partial void SaveFailed(ILogger logger, string reason);
}
