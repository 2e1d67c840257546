namespace GenAIExecuter.Sandbox;

/// <summary>What a run produced, as reported by the runner (or by the .NET side when the runner did not report).</summary>
/// <param name="Fields">The runner's result fields (<c>status</c>, <c>exit</c>, <c>rule</c>, …).</param>
/// <param name="Output">Standard output, as kept under the cap.</param>
/// <param name="Error">Standard error, as kept under the cap.</param>
internal sealed record RunnerOutcome(IReadOnlyDictionary<string, string> Fields, string Output, string Error)
{
    public string Status => Fields.TryGetValue(RunnerFields.Status, out var status) ? status : RunnerFields.StatusInternal;

    public string? this[string key] => Fields.TryGetValue(key, out var value) ? value : null;

    /// <summary>A call whose time ran out before its sandbox started (a machine too busy to start one in time): a
    /// timeout, whose code never ran.</summary>
    public static RunnerOutcome NotStarted() => new(
        new Dictionary<string, string>(StringComparer.Ordinal) { [RunnerFields.Status] = RunnerFields.StatusTimeout, [RunnerFields.NotStarted] = "1" },
        string.Empty,
        string.Empty);

    /// <summary>A run that failed in the sandbox itself, before the runner could report anything.</summary>
    public static RunnerOutcome Failed(string message) => new(
        new Dictionary<string, string>(StringComparer.Ordinal) { [RunnerFields.Status] = RunnerFields.StatusInternal, [RunnerFields.Message] = message },
        string.Empty,
        string.Empty);
}
