using System.CommandLine;

namespace GenAIExecuter.Cli.Commands;

/// <summary><c>genai-exec exec</c>: run a Python file, a --code string, or code from stdin in the sandbox.</summary>
internal static class ExecCommand
{
    public static Command Build(CliConsole console)
    {
        var file = new Argument<string?>("file")
        {
            Description = "The Python file to run, or - to read the code from standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var code = new Option<string?>("--code", "-c") { Description = "The Python code to run, given inline.", HelpName = "CODE" };
        var save = new Option<bool>("--save") { Description = "Save the result to the execution history." };
        var directory = HistoryOptions.ExecutionsDirectory();
        var shared = new SandboxOptions();
        var command = new Command("exec", "Run Python code in the sandbox and report what it printed.");
        command.Arguments.Add(file);
        command.Options.Add(code);
        command.Options.Add(save);
        command.Options.Add(directory);
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(file) == "-" && parse.GetValue(shared.Files)?.Contains("-") == true)
            {
                throw new UsageException("Standard input can hold the code ('-') or an input file (--file -), not both.");
            }

            var inputs = await InputFiles.CollectAsync(parse.GetValue(shared.Files), readPipedInput: false, console, cancellationToken).ConfigureAwait(false);
            var source = await ReadSourceAsync(parse.GetValue(file), parse.GetValue(code), console, cancellationToken).ConfigureAwait(false);
            var json = parse.GetValue(shared.Json);
            var options = shared.ToExecuterOptions(parse);
            options.LoggerFactory = new WarningLogger(console);
            options.ExecutionsDirectory = parse.GetValue(directory) ?? options.ExecutionsDirectory;
            await using var executer = new CodeExecuter(options);
            var live = json ? null : new LiveOutput(console);
            if (!json)
            {
                await InputFiles.ShowAsync(inputs, console).ConfigureAwait(false);
            }

            var saving = parse.GetValue(save);
            var result = await executer.ExecuteCodeAsync(source, saveExecution: saving, output: live, inputFiles: inputs, cancellationToken: cancellationToken).ConfigureAwait(false);
            result = ArtifactsView.CopyTo(result, parse.GetValue(shared.OutputDirectory));
            await ResultRenderer.RenderAsync(result, json, console, live).ConfigureAwait(false);
            if (saving && result.SavedTo is null)
            {
                await console.Error.WriteLineAsync($"warning: the result could not be saved in '{executer.History.Directory}'.").ConfigureAwait(false);
            }
            return result.Success ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static async Task<string> ReadSourceAsync(string? file, string? code, CliConsole console, CancellationToken cancellationToken)
    {
        if (file is not null && code is not null)
        {
            throw new UsageException("Give the code either as a file or with --code, not both.");
        }

        if (code is not null)
        {
            return code;
        }

        if (file is null)
        {
            throw new UsageException("No code to run: give a file, '-' for standard input, or --code \"print(6*7)\".");
        }

        if (file == "-")
        {
            return await console.Input.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"The file '{file}' does not exist.");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"The file '{file}' cannot be read: {error.Message}");
        }
    }
}
