namespace GenAIExecuter;

/// <summary>Why SAFE mode refused a piece of code.</summary>
/// <param name="Rule">The rule's identifier, for example <c>no-subprocess</c> or <c>no-file-write</c>.</param>
/// <param name="Line">The line of the code that broke the rule (1-based), or 0 when unknown.</param>
/// <param name="Message">One sentence that says what was refused and what to do instead, written for a person or an LLM.</param>
/// <param name="Layer">The layer that refused it: <c>static-policy</c> (before running) or <c>runtime-guard</c> (while running).</param>
public sealed record PolicyViolation(string Rule, int Line, string Message, string Layer);
