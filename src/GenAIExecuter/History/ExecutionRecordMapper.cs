using System.Globalization;

namespace GenAIExecuter.History;

/// <summary>Maps between <see cref="ExecutionResult"/> and its JSON record.</summary>
internal static class ExecutionRecordMapper
{
    public static ExecutionRecord ToRecord(ExecutionResult result) => new()
    {
        ExecutionId = result.ExecutionId,
        Timestamp = result.Timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
        Instruction = result.Instruction,
        Code = result.Code,
        Success = result.Success,
        Output = result.Output,
        Error = result.Error,
        ExecutionTime = Math.Round(result.ExecutionTime.TotalSeconds, 6),
        Provider = result.Provider,
        Model = result.Model,
        SecurityMode = result.SecurityMode.ToString().ToLowerInvariant(),
        ExecutionMode = result.ExecutionMode.ToString().ToLowerInvariant(),
        SchemaVersion = ExecutionRecord.CurrentSchemaVersion,
        Status = StatusName(result.Status),
        ExitCode = result.ExitCode,
        ErrorType = result.ErrorType,
        Violation = result.Violation is { } v ? new ViolationRecord { Rule = v.Rule, Line = v.Line, Message = v.Message, Layer = v.Layer } : null,
        OutputTruncated = result.OutputTruncated,
        Sandbox = new SandboxRecord
        {
            Layers = [.. result.Sandbox.Layers],
            Isolated = result.Sandbox.Isolated,
            IsolationUnavailableReason = result.Sandbox.IsolationUnavailableReason,
            PythonExecutable = result.Sandbox.PythonExecutable,
            PythonVersion = result.Sandbox.PythonVersion,
        },
        Attempts = [.. result.Attempts.Select(a => new AttemptRecord
        {
            Number = a.Number,
            Code = a.Code,
            Status = StatusName(a.Status),
            Output = a.Output,
            Error = a.Error,
            Duration = Math.Round(a.Duration.TotalSeconds, 6),
            Tokens = a.Tokens,
        })],
        Artifacts = result.Artifacts.Count == 0 ? null : [.. result.Artifacts.Select(a => new ArtifactRecord
        {
            Path = a.Path, SizeBytes = a.SizeBytes, MediaType = a.MediaType, Sha256 = a.Sha256, Location = a.Location,
        })],
        ArtifactsNote = result.ArtifactsNote,
    };

    public static ExecutionResult FromRecord(ExecutionRecord record)
    {
        var status = ParseStatus(record.Status) ?? (record.Success ? ExecutionStatus.Succeeded : ExecutionStatus.RuntimeError);
        return new ExecutionResult
        {
            ExecutionId = record.ExecutionId ?? throw new FormatException("The record has no execution_id."),
            Timestamp = DateTimeOffset.TryParse(record.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var stamp)
                ? stamp
                : throw new FormatException($"The record's timestamp '{record.Timestamp}' is not ISO 8601."),
            Instruction = record.Instruction,
            Code = record.Code ?? string.Empty,
            Status = status,
            Output = record.Output ?? string.Empty,
            Error = record.Error ?? string.Empty,
            ExecutionTime = TimeSpan.FromSeconds(record.ExecutionTime),
            SecurityMode = Enum.TryParse<SecurityMode>(record.SecurityMode, ignoreCase: true, out var security) ? security : SecurityMode.Safe,
            ExecutionMode = Enum.TryParse<ExecutionMode>(record.ExecutionMode, ignoreCase: true, out var execution) ? execution : ExecutionMode.Subprocess,
            ExitCode = record.ExitCode,
            ErrorType = record.ErrorType,
            Violation = record.Violation is { } v ? new PolicyViolation(v.Rule ?? "unknown", v.Line, v.Message ?? string.Empty, v.Layer ?? "unknown") : null,
            OutputTruncated = record.OutputTruncated ?? false,
            Sandbox = new SandboxReport
            {
                Layers = record.Sandbox?.Layers ?? [],
                Isolated = record.Sandbox?.Isolated ?? false,
                IsolationUnavailableReason = record.Sandbox?.IsolationUnavailableReason,
                PythonExecutable = record.Sandbox?.PythonExecutable ?? "unknown",
                PythonVersion = record.Sandbox?.PythonVersion ?? "unknown",
            },
            Attempts = [.. (record.Attempts ?? []).Select(a => new ExecutionAttempt
            {
                Number = a.Number,
                Code = a.Code ?? string.Empty,
                Status = ParseStatus(a.Status) ?? ExecutionStatus.RuntimeError,
                Output = a.Output ?? string.Empty,
                Error = a.Error ?? string.Empty,
                Duration = TimeSpan.FromSeconds(a.Duration),
                Tokens = a.Tokens,
            })],
            Provider = record.Provider,
            Model = record.Model,
            Artifacts = [.. (record.Artifacts ?? []).Where(a => a.Path is not null && a.Location is not null)
                .Select(a => new Artifact(a.Path!, a.SizeBytes, a.MediaType ?? Sandbox.MediaTypes.Of(a.Path!), a.Sha256 ?? string.Empty, a.Location!))],
            ArtifactsNote = record.ArtifactsNote,
        };
    }

    public static string StatusName(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Succeeded => "succeeded",
        ExecutionStatus.RuntimeError => "runtime_error",
        ExecutionStatus.PolicyViolation => "policy_violation",
        ExecutionStatus.TimedOut => "timed_out",
        ExecutionStatus.NoCode => "no_code",
        ExecutionStatus.SandboxError => "sandbox_error",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static ExecutionStatus? ParseStatus(string? name) =>
        Enum.GetValues<ExecutionStatus>().Cast<ExecutionStatus?>().FirstOrDefault(s => StatusName(s!.Value) == name);
}
