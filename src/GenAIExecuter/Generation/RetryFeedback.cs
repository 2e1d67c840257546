using System.Globalization;

namespace GenAIExecuter.Generation;

/// <summary>The follow-up message that tells the model what went wrong with its code, so that it can fix it.</summary>
internal static class RetryFeedback
{
    private const int TailLines = 25;
    private const string Ask = "Fix it, and reply with the complete corrected program in one ```python block.";

    /// <summary>Whether a failure of this kind is worth another attempt (a broken sandbox is not the code's fault).</summary>
    public static bool IsRetryable(ExecutionStatus status) =>
        status is ExecutionStatus.NoCode or ExecutionStatus.RuntimeError or ExecutionStatus.PolicyViolation or ExecutionStatus.TimedOut;

    public static string For(ExecutionResult failed, TimeSpan timeout) => failed.Status switch
    {
        ExecutionStatus.NoCode =>
            "Your reply held no Python code. Reply with one fenced ```python block containing a complete program that prints the result.",
        ExecutionStatus.PolicyViolation =>
            $"The program broke a SAFE-mode rule ({failed.Violation?.Rule}) at line {failed.Violation?.Line}: {failed.Violation?.Message}\n" +
            $"Rewrite it without that operation. {Ask}",
        ExecutionStatus.TimedOut =>
            $"The program did not finish within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} seconds and was stopped. " +
            $"Make it finish sooner (less work, no endless loops, no waiting for input or the network). {Ask}" + Tail("Its output before it was stopped", failed.Output),
        _ =>
            $"The program failed ({failed.ErrorType ?? $"exit code {failed.ExitCode}"}).{Tail("The end of its error output", failed.Error)}" +
            $"{Tail("Its standard output", failed.Output)}\n{Ask}",
    };

    private static string Tail(string title, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var lines = text.TrimEnd().Split('\n');
        var tail = string.Join('\n', lines.Skip(Math.Max(0, lines.Length - TailLines)));
        return $"\n{title}:\n```\n{tail}\n```";
    }
}
