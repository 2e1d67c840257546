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

    /// <summary>Interrupted with Ctrl+C.</summary>
    public const int Interrupted = 130;
}
