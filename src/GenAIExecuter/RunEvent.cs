namespace GenAIExecuter;

/// <summary>Something that happened during <see cref="CodeExecuter.RunStreamingAsync"/>, reported as it happened.</summary>
public abstract record RunEvent;

/// <summary>A piece of the model's reply, as it streams in.</summary>
/// <param name="Attempt">The attempt it belongs to, from 1.</param>
/// <param name="Text">The new text.</param>
public sealed record ModelTextEvent(int Attempt, string Text) : RunEvent;

/// <summary>An attempt's code is about to run in the sandbox.</summary>
/// <param name="Attempt">The attempt, from 1.</param>
/// <param name="Code">The code extracted from the reply.</param>
public sealed record AttemptStartedEvent(int Attempt, string Code) : RunEvent;

/// <summary>Output the running program printed.</summary>
/// <param name="Attempt">The attempt, from 1.</param>
/// <param name="Output">The output and the stream it went to.</param>
public sealed record ProgramOutputEvent(int Attempt, OutputChunk Output) : RunEvent;

/// <summary>An attempt ended (successfully or not).</summary>
/// <param name="Attempt">How it ended.</param>
public sealed record AttemptFinishedEvent(ExecutionAttempt Attempt) : RunEvent;

/// <summary>The run is over; always the last event.</summary>
/// <param name="Result">The final result, as <see cref="CodeExecuter.RunAsync"/> returns it.</param>
public sealed record RunCompletedEvent(ExecutionResult Result) : RunEvent;
