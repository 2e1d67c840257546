using System.Globalization;

namespace GenAIExecuter.Cli;

/// <summary>Shows a result: the JSON object with --json, otherwise a short status line on stderr
/// (the output itself was already shown live).</summary>
internal static class ResultRenderer
{
    public static async Task RenderAsync(ExecutionResult result, bool json, CliConsole console, LiveOutput? live = null)
    {
        if (json)
        {
            await console.Output.WriteLineAsync(result.ToJson()).ConfigureAwait(false);
            return;
        }

        var seconds = result.ExecutionTime.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        var where = $"{result.SecurityMode.ToString().ToUpperInvariant()}, {result.ExecutionMode.ToString().ToLowerInvariant()}"
            + (result.Sandbox.Isolated ? ", bubblewrap" : string.Empty);
        var line = result.Status switch
        {
            ExecutionStatus.Succeeded => console.Paint("✓ succeeded", "32") + $" in {seconds} s ({where})",
            ExecutionStatus.PolicyViolation => console.Paint("✗ policy violation", "31") + $" ({where}): {result.Violation?.Message}",
            ExecutionStatus.TimedOut => console.Paint("✗ timed out", "31") + $" after {seconds} s ({where})",
            ExecutionStatus.RuntimeError => console.Paint("✗ failed", "31") + $" with {result.ErrorType ?? $"exit code {result.ExitCode}"} in {seconds} s ({where})",
            _ => console.Paint("✗ sandbox error", "31") + $": {result.Error}",
        };
        if (result.OutputTruncated)
        {
            line += " [output truncated]";
        }

        if (live is { LineOpen: true })
        {
            await console.Error.WriteLineAsync().ConfigureAwait(false);
        }

        await console.Error.WriteLineAsync(line).ConfigureAwait(false);
        await ArtifactsView.WriteAsync(result, console).ConfigureAwait(false);
    }
}
