namespace GenAIExecuter;

/// <summary>The base of every exception GenAI Executer throws. Its message says what failed and how to fix it.
/// Expected failures of the code itself are not exceptions: they are an <see cref="ExecutionResult"/>.</summary>
public abstract class GenAIExecuterException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected GenAIExecuterException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>A setting has a value that is not allowed. The message names the setting and what it accepts.</summary>
public sealed class ConfigurationException(string message, Exception? innerException = null)
    : GenAIExecuterException(message, innerException);

/// <summary>No usable Python interpreter was found.</summary>
public sealed class PythonNotFoundException(string message, Exception? innerException = null)
    : GenAIExecuterException(message, innerException);

/// <summary>SAFE mode was asked to require OS isolation (<see cref="CodeExecuterOptions.RequireIsolation"/>) and it is not available here.</summary>
public sealed class IsolationUnavailableException(string message)
    : GenAIExecuterException(message);

/// <summary>The sandbox itself broke: the runner could not start or stopped answering.</summary>
public sealed class SandboxException(string message, Exception? innerException = null)
    : GenAIExecuterException(message, innerException);

/// <summary>An execution id prefix matches more than one execution. The message lists some of them.</summary>
public sealed class AmbiguousExecutionIdException(string message) : GenAIExecuterException(message);

/// <summary>The execution history could not be written or read (a full disk, a folder without permission).</summary>
public sealed class HistoryException(string message, Exception? innerException = null)
    : GenAIExecuterException(message, innerException);

/// <summary>The LLM provider refused or failed a request (a wrong key, a missing model, an unreachable server).
/// The message names the provider and, for key problems, where the key came from (never the key).</summary>
public sealed class ModelRequestException(string message, Exception? innerException = null)
    : GenAIExecuterException(message, innerException);

/// <summary>An input file cannot be given to the code: it does not exist, cannot be read, or its name is not a plain
/// file name. Thrown before anything is sent to a model or run.</summary>
public sealed class InputFileException(string message, Exception? innerException = null)
    : GenAIExecuterException(message, innerException);
