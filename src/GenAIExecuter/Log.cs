using Microsoft.Extensions.Logging;

namespace GenAIExecuter;

/// <summary>The library's log messages. Code and program output are logged only at Trace level; secrets never.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Sandbox for {SecurityMode} mode: layers {Layers}; Python {PythonVersion} at {Python}")]
    public static partial void SandboxReady(ILogger logger, SecurityMode securityMode, string layers, string pythonVersion, string python);

    [LoggerMessage(2, LogLevel.Warning, "SAFE mode runs without OS isolation: {Reason}. The policy, guard, limits and timeouts still apply.")]
    public static partial void IsolationUnavailable(ILogger logger, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Execution {ExecutionId} finished: {Status} in {ElapsedMs} ms")]
    public static partial void ExecutionFinished(ILogger logger, string executionId, ExecutionStatus status, double elapsedMs);

    [LoggerMessage(4, LogLevel.Trace, "Execution {ExecutionId} code:\n{Code}")]
    public static partial void ExecutionCode(ILogger logger, string executionId, string code);

    [LoggerMessage(5, LogLevel.Trace, "Execution {ExecutionId} output:\n{Output}")]
    public static partial void ExecutionOutput(ILogger logger, string executionId, string output);
}
