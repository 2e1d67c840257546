namespace GenAIExecuter.Cli;

/// <summary>The exit codes of <c>genai-exec</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The code ran and succeeded.</summary>
    public const int Success = 0;

    /// <summary>The code failed: an error, a policy violation, a timeout, a sandbox failure.</summary>
    public const int Failed = 1;

    /// <summary>The command line or the configuration is wrong (or no Python was found).</summary>
    public const int UsageError = 2;

    /// <summary>The model or its provider failed: unreachable, a refused key, a missing model, a server error.</summary>
    public const int ModelFailed = 3;

    /// <summary>Interrupted with Ctrl+C.</summary>
    public const int Interrupted = 130;
}
