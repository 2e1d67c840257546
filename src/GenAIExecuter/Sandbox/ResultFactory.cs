using System.Globalization;

namespace GenAIExecuter.Sandbox;

/// <summary>Turns what the runner reported into an <see cref="ExecutionResult"/>.</summary>
internal static class ResultFactory
{
    public static ExecutionResult Create(RunnerOutcome outcome, ExecutionContext context, TimeSpan elapsed)
    {
        var status = outcome.Status switch
        {
            RunnerFields.StatusOk => ExecutionStatus.Succeeded,
            RunnerFields.StatusError => ExecutionStatus.RuntimeError,
            RunnerFields.StatusViolation => ExecutionStatus.PolicyViolation,
            RunnerFields.StatusTimeout => ExecutionStatus.TimedOut,
            _ => ExecutionStatus.SandboxError,
        };
        var violation = status == ExecutionStatus.PolicyViolation
            ? new PolicyViolation(outcome["rule"] ?? "unknown", ParseInt(outcome["line"]) ?? 0, outcome["message"] ?? "The code broke a SAFE-mode rule.", outcome["layer"] ?? "runtime-guard")
            : null;
        var output = WithMarker(outcome.Output, outcome["out_dropped"]);
        var error = WithMarker(outcome.Error, outcome["err_dropped"]);
        var headline = status switch
        {
            ExecutionStatus.PolicyViolation when violation!.Rule == "no-file-write" && outcome["no_area"] is { Length: > 0 } why =>
                $"{violation.Message} (Files can be written in the working directory only where SAFE gives a run a private output area, and this run had none: {why}.)",
            ExecutionStatus.PolicyViolation => violation!.Message,
            ExecutionStatus.TimedOut when outcome[RunnerFields.NotStarted] == "1" =>
                $"Timed out after {context.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s: {RunDeadline.NotStartedMessage}",
            ExecutionStatus.TimedOut => $"Timed out after {context.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s: the program and every process it started were killed." +
                (outcome[RunnerFields.Message] is { } why ? " " + why : string.Empty),
            ExecutionStatus.SandboxError => outcome[RunnerFields.Message] ?? "The sandbox failed.",
            ExecutionStatus.RuntimeError when outcome[RunnerFields.OutOfMemory] == "1" => MemoryMessage(context),
            ExecutionStatus.RuntimeError => SignalMessage(ParseInt(outcome["signal"]), context),
            _ => null,
        };

        return new ExecutionResult
        {
            ExecutionId = context.ExecutionId,
            Timestamp = context.Timestamp,
            Instruction = context.Instruction,
            Code = context.Code,
            Status = status,
            Output = output,
            Error = headline is null ? error : error.Length == 0 ? headline : headline + "\n" + error,
            ExecutionTime = elapsed,
            SecurityMode = context.SecurityMode,
            ExecutionMode = context.ExecutionMode,
            ExitCode = status == ExecutionStatus.PolicyViolation && violation!.Layer == "static-policy" ? null : ParseInt(outcome["exit"]),
            ErrorType = outcome[RunnerFields.OutOfMemory] == "1" ? "MemoryError" : outcome["exc"],
            Violation = violation,
            OutputTruncated = (ParseInt(outcome["out_dropped"]) ?? 0) > 0 || (ParseInt(outcome["err_dropped"]) ?? 0) > 0,
            Sandbox = context.Sandbox,
        };
    }

    /// <summary>What the run produced but could not be kept; null when nothing was lost.</summary>
    public static string? ArtifactsNote(RunnerOutcome outcome, ResourceLimits limits)
    {
        var notes = new List<string>();
        if (ParseInt(outcome["artifacts_dropped"]) is > 0 and var dropped)
        {
            notes.Add($"{dropped.ToString(CultureInfo.InvariantCulture)} file(s) were left out: over the output area's caps " +
                      $"({(limits.OutputAreaBytes >> 20).ToString(CultureInfo.InvariantCulture)} MiB, {limits.MaxOutputFiles.ToString(CultureInfo.InvariantCulture)} files), or names with control characters or bytes that are not UTF-8.");
        }

        if (outcome["artifacts_error"] is { } error)
        {
            notes.Add($"The files the run wrote could not be collected: {error}");
        }

        return notes.Count == 0 ? null : string.Join(" ", notes);
    }

    private static string MemoryMessage(ExecutionContext context) =>
        $"Memory limit exceeded: the program used more than its {(context.MemoryLimitBytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MiB " +
        "and the kernel killed it (MemoryError). Use less memory (smaller data, chunks, narrower dtypes) or raise ResourceLimits.MemoryBytes.";

    private static string? SignalMessage(int? signal, ExecutionContext context) => signal switch
    {
        null => null,
        24 => $"CPU time limit exceeded ({context.CpuLimit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s): the program was killed.",
        25 => "File size limit exceeded: the program was killed.",
        9 => "The program was killed (SIGKILL), possibly for exceeding a resource limit.",
        _ => $"The program was killed by signal {signal.Value.ToString(CultureInfo.InvariantCulture)}.",
    };

    private static string WithMarker(string text, string? dropped) =>
        ParseInt(dropped) is > 0 and var count
            ? $"{text}\n[output truncated: {count.ToString(CultureInfo.InvariantCulture)} more bytes were dropped]\n"
            : text;

    private static int? ParseInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}

/// <summary>The facts about an execution known before it runs.</summary>
internal sealed record ExecutionContext(
    string ExecutionId,
    DateTimeOffset Timestamp,
    string? Instruction,
    string Code,
    TimeSpan Timeout,
    TimeSpan CpuLimit,
    long MemoryLimitBytes,
    SecurityMode SecurityMode,
    ExecutionMode ExecutionMode,
    SandboxReport Sandbox);
