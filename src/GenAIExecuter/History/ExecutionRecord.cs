using System.Text.Json.Serialization;

namespace GenAIExecuter.History;

/// <summary>The JSON shape of an execution, snake_case, compatible with the original Python module's records
/// (its fields first; ours after). Every field of ours is optional on read, so the original's files load.</summary>
internal sealed class ExecutionRecord
{
    public const int CurrentSchemaVersion = 1;

    public string? ExecutionId { get; set; }

    public string? Timestamp { get; set; }

    public string? Instruction { get; set; }

    public string? Code { get; set; }

    public bool Success { get; set; }

    public string? Output { get; set; }

    public string? Error { get; set; }

    public double ExecutionTime { get; set; }

    public string? Provider { get; set; }

    public string? Model { get; set; }

    public string? SecurityMode { get; set; }

    public string? ExecutionMode { get; set; }

    public int? SchemaVersion { get; set; }

    public string? Status { get; set; }

    public int? ExitCode { get; set; }

    public string? ErrorType { get; set; }

    public ViolationRecord? Violation { get; set; }

    public bool? OutputTruncated { get; set; }

    public SandboxRecord? Sandbox { get; set; }

    public List<AttemptRecord>? Attempts { get; set; }

    /// <summary>The files the run produced; absent (not null) when it produced none, as in the original's records.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ArtifactRecord>? Artifacts { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ArtifactsNote { get; set; }
}

/// <summary>The JSON shape of an <see cref="Artifact"/>.</summary>
internal sealed class ArtifactRecord
{
    public string? Path { get; set; }

    public long SizeBytes { get; set; }

    public string? MediaType { get; set; }

    public string? Sha256 { get; set; }

    public string? Location { get; set; }
}

/// <summary>The JSON shape of an <see cref="ExecutionAttempt"/>.</summary>
internal sealed class AttemptRecord
{
    public int Number { get; set; }

    public string? Code { get; set; }

    public string? Status { get; set; }

    public string? Output { get; set; }

    public string? Error { get; set; }

    public double Duration { get; set; }

    public long? Tokens { get; set; }
}

/// <summary>The JSON shape of a <see cref="PolicyViolation"/>.</summary>
internal sealed class ViolationRecord
{
    public string? Rule { get; set; }

    public int Line { get; set; }

    public string? Message { get; set; }

    public string? Layer { get; set; }
}

/// <summary>The JSON shape of a <see cref="SandboxReport"/>.</summary>
internal sealed class SandboxRecord
{
    public List<string>? Layers { get; set; }

    public bool Isolated { get; set; }

    public string? IsolationUnavailableReason { get; set; }

    public string? PythonExecutable { get; set; }

    public string? PythonVersion { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ExecutionRecord))]
[JsonSerializable(typeof(List<ExecutionRecord>))]
internal sealed partial class ExecutionRecordJsonContext : JsonSerializerContext;
