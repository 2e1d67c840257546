using System.Diagnostics;

namespace GenAIExecuter.Tests.Support;

/// <summary>Runs the real <c>genai-exec</c> on a pseudo-terminal (util-linux <c>script</c>), as a person at a terminal
/// would: what it draws and echoes is captured, and typed input goes through the terminal.</summary>
internal static class TerminalProcess
{
    /// <param name="typed">What to type once <paramref name="prompt"/> is on the screen; null to type nothing.</param>
    /// <returns>The exit code and everything the terminal showed.</returns>
    public static async Task<(int ExitCode, string Screen)> RunAsync(
        string workingDirectory, (string Prompt, string Typed)? typed, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var command = string.Join(' ', new[] { "dotnet", CliProcess.Assembly }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var start = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var arg in new[] { "-qec", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TERM"] = "xterm";
        CliProcess.SetEnvironment(start, environment);

        using var process = Process.Start(start)!;
        var screen = new System.Text.StringBuilder();
        var reading = Task.Run(async () =>
        {
            var buffer = new char[256];
            int count;
            while ((count = await process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (screen)
                {
                    screen.Append(buffer, 0, count);
                }
            }
        });
        if (typed is { } input)
        {
            // Type only once the prompt shows (and a moment more, for the read to begin), as a person would.
            while (!Shown(screen, input.Prompt) && !process.HasExited)
            {
                await Task.Delay(20);
            }

            await Task.Delay(300);
            await process.StandardInput.WriteAsync(input.Typed);
            await process.StandardInput.FlushAsync();
        }

        await process.WaitForExitAsync();
        await reading;
        return (process.ExitCode, screen.ToString());
    }

    private static bool Shown(System.Text.StringBuilder screen, string text)
    {
        lock (screen)
        {
            return screen.ToString().Contains(text, StringComparison.Ordinal);
        }
    }
}
