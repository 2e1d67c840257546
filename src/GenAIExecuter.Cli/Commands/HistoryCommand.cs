using System.CommandLine;
using GenAIExecuter.History;

namespace GenAIExecuter.Cli.Commands;

/// <summary><c>genai-exec history list|show|clear</c>: the saved executions.</summary>
internal static class HistoryCommand
{
    public static Command Build(CliConsole console)
    {
        var command = new Command("history", "List, show and clear saved executions (one JSON file each in the executions folder).");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(Clear(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var limit = NumberOptions.WithDefault("--limit", "-n", "How many executions to show, newest first (default 10).", "N", "a whole number", 10, 1);
        var successOnly = new Option<bool>("--success-only") { Description = "Only successful executions." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of the records, newest first." };
        var directory = HistoryOptions.ExecutionsDirectory();
        var config = ConfigOption.Create();
        var command = new Command("list", "List the newest saved executions.") { limit, successOnly, json, directory, config };
        command.SetAction(async (parse, _) =>
        {
            var page = HistoryOptions.Open(parse, directory, config).List(parse.GetValue(limit), parse.GetValue(successOnly));
            await HistoryRenderer.WarnAsync(page.Skipped, console);
            if (parse.GetValue(json))
            {
                await console.Output.WriteLineAsync(HistoryRenderer.JsonArray(page.Executions));
            }
            else
            {
                await HistoryRenderer.TableAsync(page.Executions, console);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The execution id, or a unique beginning of it." };
        var json = new Option<bool>("--json") { Description = "Print the record as one JSON object." };
        var directory = HistoryOptions.ExecutionsDirectory();
        var config = ConfigOption.Create();
        var command = new Command("show", "Show one saved execution: instruction, code, output, error, attempts.") { id, json, directory, config };
        command.SetAction(async (parse, _) =>
        {
            var history = HistoryOptions.Open(parse, directory, config);
            var execution = history.Get(parse.GetValue(id)!)
                ?? throw new UsageException($"No execution '{parse.GetValue(id)}' in '{history.Directory}'. 'genai-exec history list' shows the ids.");
            if (parse.GetValue(json))
            {
                await console.Output.WriteLineAsync(execution.ToJson());
            }
            else
            {
                await HistoryRenderer.DetailAsync(execution, console);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Clear(CliConsole console)
    {
        var keep = NumberOptions.WithDefault("--keep-recent", string.Empty, "How many of the newest executions to keep (default 0).", "N", "a whole number", 0, 0);
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask before deleting." };
        var directory = HistoryOptions.ExecutionsDirectory();
        var config = ConfigOption.Create();
        var command = new Command("clear", "Delete saved executions (all, or all but the newest N).") { keep, yes, directory, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var history = HistoryOptions.Open(parse, directory, config);
            var keepRecent = parse.GetValue(keep);
            if (!parse.GetValue(yes) && console.IsInteractive)
            {
                var what = keepRecent == 0 ? "all saved executions" : $"all saved executions but the newest {keepRecent}";
                await console.Error.WriteAsync($"Delete {what} in '{history.Directory}'? [y/N] ");
                var answer = await console.Input.ReadLineAsync(cancellationToken);
                if (answer?.Trim().ToUpperInvariant() is not ("Y" or "YES"))
                {
                    await console.Error.WriteLineAsync("Nothing deleted.");
                    return ExitCodes.Success;
                }
            }

            var deleted = history.Clear(keepRecent);
            await console.Error.WriteLineAsync($"Deleted {deleted} execution{(deleted == 1 ? string.Empty : "s")}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
