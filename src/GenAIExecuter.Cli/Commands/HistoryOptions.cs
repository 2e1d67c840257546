using System.CommandLine;
using GenAIExecuter.History;

namespace GenAIExecuter.Cli.Commands;

/// <summary>The option every history-related command shares: where the history folder is.</summary>
internal static class HistoryOptions
{
    public static Option<string?> ExecutionsDirectory() => new("--executions-dir")
    {
        Description = "The execution history folder (default: executions, in the current directory).",
        HelpName = "DIR",
    };

    public static ExecutionHistory Open(ParseResult parse, Option<string?> directory, Option<string?> config) =>
        new(parse.GetValue(directory) ?? ConfigOption.Load(parse, config).Options.ExecutionsDirectory);
}
