namespace GenAIExecuter;

/// <summary>One attempt within an execution: the code that ran and what came of it.</summary>
public sealed record ExecutionAttempt
{
    /// <summary>The attempt's number, from 1.</summary>
    public required int Number { get; init; }

    /// <summary>The code of this attempt.</summary>
    public required string Code { get; init; }

    /// <summary>How the attempt ended.</summary>
    public required ExecutionStatus Status { get; init; }

    /// <summary>What the attempt printed to standard output.</summary>
    public required string Output { get; init; }

    /// <summary>The attempt's error text (see <see cref="ExecutionResult.Error"/>).</summary>
    public required string Error { get; init; }

    /// <summary>How long the attempt took.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Tokens the model used for this attempt, when the provider reports them; otherwise null.</summary>
    public long? Tokens { get; init; }

    internal static ExecutionAttempt From(ExecutionResult result, int number, long? tokens = null) => new()
    {
        Number = number,
        Code = result.Code,
        Status = result.Status,
        Output = result.Output,
        Error = result.Error,
        Duration = result.ExecutionTime,
        Tokens = tokens,
    };
}
