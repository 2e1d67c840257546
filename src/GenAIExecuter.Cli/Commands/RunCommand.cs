using System.CommandLine;
using System.Globalization;

namespace GenAIExecuter.Cli.Commands;

/// <summary><c>genai-exec run</c>: a plain-language instruction in; code generated, run in the sandbox, fixed on failure.</summary>
internal static class RunCommand
{
    public static Command Build(CliConsole console)
    {
        var instruction = new Argument<string>("instruction") { Description = "What to do, in plain language." };
        var provider = new Option<string?>("--provider") { Description = "gemini (default), openai, perplexity, ollama, anthropic or openai-compatible.", HelpName = "NAME" };
        var model = new Option<string?>("--model") { Description = "The model (default: the provider's default).", HelpName = "MODEL" };
        var baseUrl = new Option<string?>("--base-url") { Description = "The provider's endpoint (for ollama and anthropic, the server root).", HelpName = "URL" };
        var apiKey = new Option<string?>("--api-key") { Description = "The API key (default: the provider's environment variable, the OS keyring, or a key file).", HelpName = "KEY" };
        var temperature = NumberOptions.Optional("--temperature", "The sampling temperature (default 0.1).", "T", "a number", 0.0, 2.0);
        var context = new Option<string?>("--context") { Description = "Extra information for the model.", HelpName = "TEXT" };
        var maxRetries = NumberOptions.Optional("--max-retries", "How many times to ask for fixed code (default 2).", "N", "a whole number", 0, 20);
        var noRetry = new Option<bool>("--no-retry") { Description = "Do not ask the model to fix failed code." };
        var noSave = new Option<bool>("--no-save") { Description = "Do not save the execution to the history." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only print the code the model writes; do not run it." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the program's output (and, on failure, its error)." };
        var directory = HistoryOptions.ExecutionsDirectory();
        var shared = new SandboxOptions();
        var command = new Command("run", "Turn an instruction into Python code with an LLM, run it in the sandbox, and fix it on failure.");
        command.Arguments.Add(instruction);
        foreach (var option in new Option[] { provider, model, baseUrl, apiKey, temperature, context, maxRetries, noRetry, noSave, dryRun, quiet, directory })
        {
            command.Options.Add(option);
        }

        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var inputs = await InputFiles.CollectAsync(parse.GetValue(shared.Files), readPipedInput: true, console, cancellationToken);
            var options = shared.ToExecuterOptions(parse);
            options.LoggerFactory = new WarningLogger(console);
            // Arguments win over the configuration; an argument not given leaves the configured value.
            options.Provider = parse.GetValue(provider) ?? options.Provider;
            options.ModelName = parse.GetValue(model) ?? options.ModelName;
            options.BaseUrl = parse.GetValue(baseUrl) ?? options.BaseUrl;
            options.ApiKey = parse.GetValue(apiKey) ?? options.ApiKey;
            options.Temperature = parse.GetValue(temperature) ?? options.Temperature;
            options.MaxRetries = parse.GetValue(maxRetries) ?? options.MaxRetries;
            options.ExecutionsDirectory = parse.GetValue(directory) ?? options.ExecutionsDirectory;
            var json = parse.GetValue(shared.Json);
            await using var executer = new CodeExecuter(options);
            var save = !parse.GetValue(noSave) && options.SaveExecutions;
            if (parse.GetValue(dryRun))
            {
                var code = await executer.GenerateCodeAsync(parse.GetValue(instruction)!, parse.GetValue(context), inputs, cancellationToken);
                if (code.Length == 0)
                {
                    await console.Error.WriteLineAsync("error: The model's reply held no Python code.");
                    return ExitCodes.Failed;
                }

                await console.Output.WriteAsync(code.EndsWith('\n') ? code : code + "\n");
                return ExitCodes.Success;
            }

            if (json)
            {
                var result = await executer.RunAsync(parse.GetValue(instruction)!, parse.GetValue(context), saveExecution: save,
                    retryOnError: !parse.GetValue(noRetry), inputFiles: inputs, cancellationToken: cancellationToken);
                result = ArtifactsView.CopyTo(result, parse.GetValue(shared.OutputDirectory));
                await console.Output.WriteLineAsync(result.ToJson());
                return result.Success ? ExitCodes.Success : ExitCodes.Failed;
            }

            var providerName = options.Provider ?? Generation.Providers.Default;
            var retries = parse.GetValue(noRetry) ? 0 : options.MaxRetries;
            var isQuiet = parse.GetValue(quiet);
            if (!isQuiet)
            {
                await InputFiles.ShowAsync(inputs, console);
            }

            using var spinner = new Spinner(isQuiet ? new CliConsole(console.Output, TextWriter.Null, console.Input) : console);
            spinner.Start($"Asking {providerName} for code…");
            ExecutionResult? final = null;
            await foreach (var e in executer.RunStreamingAsync(parse.GetValue(instruction)!, parse.GetValue(context), saveExecution: save,
                retryOnError: retries > 0, inputFiles: inputs, cancellationToken: cancellationToken))
            {
                if (e is not ProgramOutputEvent)
                {
                    spinner.Stop();
                }

                final = isQuiet
                    ? await ShowQuietlyAsync(e, console, parse.GetValue(shared.OutputDirectory)) ?? final
                    : await ShowAsync(e, console, parse.GetValue(shared.OutputDirectory)) ?? final;
                if (e is AttemptFinishedEvent { Attempt.Status: not ExecutionStatus.Succeeded } failed && failed.Attempt.Number <= retries)
                {
                    spinner.Start($"Asking {providerName} to fix it…");
                }
            }

            return final is { Success: true } ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>Shows one event as it happens: the model's text (dim, on stderr), the program's output (live, on its
    /// own stream), each failed attempt, and the summary. Returns the result on the last event.</summary>
    private static async Task<ExecutionResult?> ShowAsync(RunEvent e, CliConsole console, string? outputDirectory)
    {
        switch (e)
        {
            case ModelTextEvent text:
                await console.Error.WriteAsync(console.Paint(text.Text, "36"));
                break;
            case AttemptStartedEvent started:
                // The model's reply may end without a newline: the marker starts on a line of its own all the same.
                await console.Error.WriteLineAsync(console.Paint($"\n--- running attempt {started.Attempt} ---", "2"));
                break;
            case ProgramOutputEvent output:
                var writer = output.Output.Kind == OutputKind.StandardOutput ? console.Output : console.Error;
                await writer.WriteAsync(output.Output.Text);
                await writer.FlushAsync();
                break;
            case AttemptFinishedEvent { Attempt.Status: not ExecutionStatus.Succeeded } failed:
                await console.Error.WriteLineAsync(console.Paint($"attempt {failed.Attempt.Number}: {failed.Attempt.Status}{Reason(failed.Attempt)}", "33"));
                break;
            case RunCompletedEvent done:
                var result = ArtifactsView.CopyTo(done.Result, outputDirectory);
                await SummaryAsync(result, console);
                await ArtifactsView.WriteAsync(result, console);
                return result;
        }

        return null;
    }

    /// <summary>With --quiet: the program's output as it comes, and at the end only a failure's error.</summary>
    private static async Task<ExecutionResult?> ShowQuietlyAsync(RunEvent e, CliConsole console, string? outputDirectory)
    {
        switch (e)
        {
            case ProgramOutputEvent output:
                var writer = output.Output.Kind == OutputKind.StandardOutput ? console.Output : console.Error;
                await writer.WriteAsync(output.Output.Text);
                await writer.FlushAsync();
                return null;
            case RunCompletedEvent done:
                var result = ArtifactsView.CopyTo(done.Result, outputDirectory);
                if (!result.Success)
                {
                    await console.Error.WriteLineAsync(result.Violation?.Message ?? (result.Error.Length > 0 ? result.Error.TrimEnd() : result.Status.ToString()));
                }

                return result;
            default:
                return null;
        }
    }

    /// <summary>Why an attempt failed, in one line: the refusal's sentence, or the error's last line (its exception).</summary>
    private static string Reason(ExecutionAttempt attempt)
    {
        var lines = attempt.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return string.Empty;
        }

        return " — " + (attempt.Status == ExecutionStatus.PolicyViolation ? lines[0] : lines[^1]);
    }

    private static async Task SummaryAsync(ExecutionResult result, CliConsole console)
    {
        if (result.Status == ExecutionStatus.PolicyViolation && result.Violation is { } refused)
        {
            await console.Error.WriteLineAsync(console.Paint($"SAFE mode refused the task (rule '{refused.Rule}', {refused.Layer}): {refused.Message}", "31"));
            await console.Error.WriteLineAsync("If you trust what was asked, run it again with --security permissive.");
        }
        else if (!result.Success && result.Error.Length > 0)
        {
            await console.Error.WriteAsync(result.Error.EndsWith('\n') ? result.Error : result.Error + "\n");
        }

        if (result.OutputTruncated)
        {
            await console.Error.WriteLineAsync(console.Paint("[the output was truncated at its cap]", "33"));
        }

        var attempts = result.Attempts.Count.ToString(CultureInfo.InvariantCulture);
        var seconds = result.ExecutionTime.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var line = result.Success
            ? console.Paint("✓ succeeded", "32") + $" after {attempts} attempt(s) in {seconds} s"
            : console.Paint($"✗ {result.Status}", "31") + $" after {attempts} attempt(s) in {seconds} s";
        await console.Error.WriteLineAsync(line + (result.SavedTo is null ? string.Empty : $" (saved as {result.ExecutionId})"));
    }
}
