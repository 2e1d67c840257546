using GenAIExecuter.History;

namespace GenAIExecuter.Tests.History;

/// <summary>A fresh history folder per test, deleted afterwards; and a result with every field filled.</summary>
public sealed class HistoryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("genai-history-").FullName;

    public ExecutionHistory History => new(Path);

    public static ExecutionResult Sample(string id = "20260203_190708_059131", ExecutionStatus status = ExecutionStatus.Succeeded) => new()
    {
        ExecutionId = id,
        Timestamp = new DateTimeOffset(2026, 2, 3, 19, 7, 8, TimeSpan.FromHours(1)).AddTicks(591310),
        Instruction = "Calculate the factorial of 10",
        Code = "import math\nprint(math.factorial(10))",
        Status = status,
        Output = "3628800\n",
        Error = status == ExecutionStatus.Succeeded ? string.Empty : "Line 1: importing 'os' … SAFE mode.",
        ExecutionTime = TimeSpan.FromSeconds(0.123456),
        SecurityMode = SecurityMode.Permissive,
        ExecutionMode = ExecutionMode.Exec,
        ExitCode = status == ExecutionStatus.Succeeded ? 0 : 86,
        ErrorType = status == ExecutionStatus.Succeeded ? null : "PermissionError",
        Violation = status == ExecutionStatus.PolicyViolation ? new PolicyViolation("no-subprocess", 2, "Line 2: …", "static-policy") : null,
        OutputTruncated = true,
        Provider = "gemini",
        Model = "gemini-3-flash-preview",
        Sandbox = new SandboxReport { Layers = ["static-policy", "bubblewrap"], Isolated = true, PythonExecutable = "/usr/bin/python3", PythonVersion = "3.11.7", IsolationUnavailableReason = null },
        Attempts =
        [
            new ExecutionAttempt { Number = 1, Code = "print(x)", Status = ExecutionStatus.RuntimeError, Output = string.Empty, Error = "NameError", Duration = TimeSpan.FromSeconds(0.05), Tokens = 120 },
            new ExecutionAttempt { Number = 2, Code = "print(1)", Status = status, Output = "1\n", Error = string.Empty, Duration = TimeSpan.FromSeconds(0.04), Tokens = 80 },
        ],
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
