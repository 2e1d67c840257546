using GenAIExecuter.History;

namespace GenAIExecuter;

public sealed partial class CodeExecuter
{
    /// <summary>The newest saved executions, newest first. Unreadable files in the folder are skipped (and logged);
    /// use <see cref="History"/>'s <see cref="ExecutionHistory.List"/> to see which.</summary>
    /// <param name="limit">How many at most (at least 1).</param>
    /// <param name="successOnly">Only successful executions.</param>
    public IReadOnlyList<ExecutionResult> ListExecutions(int limit = 10, bool successOnly = false) =>
        History.List(limit, successOnly).Executions;

    /// <summary>The saved execution with this id, or the only one whose id starts with it; null when none does.</summary>
    /// <exception cref="AmbiguousExecutionIdException">Several executions match the prefix.</exception>
    public ExecutionResult? GetExecution(string executionId) => History.Get(executionId);

    /// <summary>Deletes all saved executions but the newest <paramref name="keepRecent"/>.</summary>
    /// <returns>How many were deleted.</returns>
    public int ClearExecutions(int keepRecent = 0) => History.Clear(keepRecent);
}
