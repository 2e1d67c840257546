using System.Diagnostics;

namespace GenAIExecuter.Tests.Support;

/// <summary>Runs the real <c>genai-exec</c> as a child process.</summary>
internal static class CliProcess
{
    public static string Assembly { get; } = BuiltProgram.Path("src/GenAIExecuter.Cli", "genai-exec.dll");

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string workingDirectory, string? input, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        SetEnvironment(start, environment);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The environment every genai-exec test process gets: no colour and never the developer's own keyring
    /// (tests that want one pass a KeyringSession's environment), then the test's own variables.</summary>
    public static void SetEnvironment(ProcessStartInfo start, IReadOnlyDictionary<string, string>? environment)
    {
        start.Environment["NO_COLOR"] = "1";
        start.Environment["GENAI_EXECUTER_USE_KEYRING"] = "false";
        start.Environment.Remove("DBUS_SESSION_BUS_ADDRESS");
        start.Environment["XDG_RUNTIME_DIR"] = Path.GetTempPath();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
    }
}
