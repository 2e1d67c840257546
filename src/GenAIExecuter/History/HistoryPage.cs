namespace GenAIExecuter.History;

/// <summary>What a listing found: the executions, newest first, and the files it had to skip.</summary>
/// <param name="Executions">The executions read, newest first.</param>
/// <param name="Skipped">History files that could not be read (corrupt, foreign or unreadable), with the reason.</param>
public sealed record HistoryPage(IReadOnlyList<ExecutionResult> Executions, IReadOnlyList<SkippedRecord> Skipped);

/// <summary>A history file that was skipped, and why.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">Why it could not be read.</param>
public sealed record SkippedRecord(string Path, string Reason);
