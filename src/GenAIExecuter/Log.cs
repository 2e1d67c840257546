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

    [LoggerMessage(6, LogLevel.Warning, "Saved the {Provider} API key from {File} into {Keyring}; it will be read from there from now on, so the file can be deleted.")]
    public static partial void KeyMigrated(ILogger logger, string provider, string file, string keyring);

    [LoggerMessage(7, LogLevel.Debug, "Could not save the {Provider} API key from {File} into the keyring: {Reason}")]
    public static partial void KeyNotMigrated(ILogger logger, string provider, string file, string reason);

    [LoggerMessage(8, LogLevel.Warning, "Execution {ExecutionId}: the files it produced could not be kept: {Reason}")]
    public static partial void ArtifactsLost(ILogger logger, string executionId, string reason);
}
