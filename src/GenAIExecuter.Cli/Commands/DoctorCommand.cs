using System.CommandLine;
using System.Text.Json;
using GenAIExecuter.Diagnostics;

namespace GenAIExecuter.Cli.Commands;

/// <summary><c>genai-exec doctor</c>: what this machine offers the sandbox, what SAFE mode will do here, and what to
/// do about each missing piece. Exit 0 when SAFE mode is enforced by the kernel and an interpreter is found, else 1.</summary>
internal static class DoctorCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static Command Build(CliConsole console)
    {
        var python = new Option<string?>("--python") { Description = "The Python interpreter to check (default: python3 on PATH).", HelpName = "PATH" };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object." };
        var command = new Command("doctor", "Show what this machine offers the sandbox (bubblewrap, Landlock, seccomp, the interpreter) and what SAFE mode will do here.")
        {
            python, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = await SandboxDoctor.CheckAsync(new CodeExecuterOptions { Python = parse.GetValue(python) }, cancellationToken);
            if (parse.GetValue(json))
            {
                await console.Output.WriteLineAsync(JsonSerializer.Serialize(report, Json));
            }
            else
            {
                foreach (var check in report.Checks)
                {
                    await console.Output.WriteLineAsync($"{(check.Available ? "✓" : "✗")} {check.Name,-14} {check.Detail}");
                    if (check.Fix is not null)
                    {
                        await console.Output.WriteLineAsync($"  → {check.Fix}");
                    }
                }

                await console.Output.WriteLineAsync();
                await console.Output.WriteLineAsync(report.SafeVerdict);
            }

            var python3 = report.Checks.Single(c => c.Name == "python");
            return report.SafeIsKernelEnforced && python3.Available ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
