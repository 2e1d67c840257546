using System.CommandLine;
using System.CommandLine.Parsing;

namespace GenAIExecuter.Cli;

/// <summary>Which command a parse ended in, by its path: <c>history list</c>, or empty for <c>genai-exec</c> itself.</summary>
internal static class CommandPaths
{
    public static string Below(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult { Parent: not null } command; result = command.Parent)
        {
            names.Insert(0, command.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>The whole command line's command, such as <c>genai-exec history list</c>.</summary>
    public static string Full(ParseResult parse) => ("genai-exec " + Below(parse)).TrimEnd();
}
