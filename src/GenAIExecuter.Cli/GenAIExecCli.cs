using System.CommandLine;
using GenAIExecuter.Cli.Commands;

namespace GenAIExecuter.Cli;

/// <summary>The <c>genai-exec</c> command line: parse, call the library, render, map the outcome to an exit code.</summary>
internal static class GenAIExecCli
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("genai-exec: turn plain-language instructions into Python code and run it in a secure sandbox.");
        root.Subcommands.Add(RunCommand.Build(console));
        root.Subcommands.Add(ExecCommand.Build(console));
        root.Subcommands.Add(HistoryCommand.Build(console));
        root.Subcommands.Add(KeyCommand.Build(console));
        root.Subcommands.Add(ConfigCommand.Build(console));
        root.Subcommands.Add(DoctorCommand.Build(console));
        root.Subcommands.Add(McpCommand.Build(console));
        HelpExamples.Install(root);
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, TextReader input)
    {
        var console = new CliConsole(output, error, input);
        var root = Build(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !HelpExamples.AsksForHelp(parse))
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"error: {problem.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync($"Run '{CommandPaths.Full(parse)} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(configuration, interrupt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Interrupted.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (UsageException problem)
        {
            await error.WriteLineAsync($"error: {problem.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (GenAIExecuterException problem) when (problem is ConfigurationException or PythonNotFoundException or IsolationUnavailableException or AmbiguousExecutionIdException or InputFileException)
        {
            await error.WriteLineAsync($"error: {problem.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (ModelRequestException problem)
        {
            await error.WriteLineAsync($"error: {problem.Message}").ConfigureAwait(false);
            return ExitCodes.ModelFailed;
        }
        catch (GenAIExecuterException problem)
        {
            await error.WriteLineAsync($"error: {problem.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (ArgumentException problem)
        {
            await error.WriteLineAsync($"error: {problem.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

/// <summary>A mistake on the command line found after parsing (a missing file, two code sources).</summary>
internal sealed class UsageException(string message) : Exception(message);
