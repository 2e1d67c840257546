using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace GenAIExecuter.Cli;

/// <summary>Examples under every command's <c>--help</c>, after System.CommandLine's own help text.</summary>
internal static class HelpExamples
{
    private static readonly Dictionary<string, string[]> ByCommand = new(StringComparer.Ordinal)
    {
        [""] =
        [
            "genai-exec run \"sum the numbers from 1 to 100\"",
            "genai-exec exec --code \"import math; print(math.factorial(10))\"",
            "genai-exec history list",
        ],
        ["run"] =
        [
            "genai-exec run \"the 20th Fibonacci number\"",
            "genai-exec run \"total revenue by region, as a chart and a CSV\" --file sales.csv --output-dir out",
            "cat sales.csv | genai-exec run \"which region sells most?\"",
            "genai-exec run \"list the files here\" --provider ollama --model llama3.1 --security permissive",
            "genai-exec run \"parse dates in log.txt\" --file log.txt --dry-run",
            "genai-exec run \"the 10th prime\" -q",
        ],
        ["exec"] =
        [
            "genai-exec exec analysis.py --file data.csv",
            "genai-exec exec --code \"print(6 * 7)\" --json",
            "echo \"print('hi')\" | genai-exec exec -",
            "genai-exec exec slow.py --timeout 120 --mode exec",
        ],
        ["history"] = ["genai-exec history list -n 20", "genai-exec history show 20261202_101500", "genai-exec history clear --keep-recent 50"],
        ["history list"] = ["genai-exec history list", "genai-exec history list --limit 50 --success-only", "genai-exec history list --json"],
        ["history show"] = ["genai-exec history show 20261202_101500", "genai-exec history show 2026120 --json   # a unique prefix is enough"],
        ["history clear"] = ["genai-exec history clear", "genai-exec history clear --keep-recent 10 --yes"],
        ["key"] = ["genai-exec key set openai", "genai-exec key status", "genai-exec key delete gemini"],
        ["key set"] = ["genai-exec key set anthropic", "printf '%s' \"$KEY\" | genai-exec key set openai"],
        ["key delete"] = ["genai-exec key delete openai"],
        ["key status"] = ["genai-exec key status"],
        ["config"] = ["genai-exec config show"],
        ["config show"] = ["genai-exec config show", "genai-exec config show --config ./genai.toml"],
        ["mcp"] = ["genai-exec mcp", "genai-exec mcp --mode exec --timeout 60", "genai-exec mcp --security permissive --allow-permissive"],
        ["doctor"] = ["genai-exec doctor", "genai-exec doctor --python /usr/bin/python3"],
    };

    /// <summary>Every command's examples, by its path below <c>genai-exec</c> ("" for the root, "history list"), for tests.</summary>
    public static IReadOnlyDictionary<string, string[]> All => ByCommand;

    /// <summary>Whether the command line asks for help (which is shown even when the rest of it would not parse, such
    /// as <c>genai-exec run --help</c> without an instruction).</summary>
    public static bool AsksForHelp(ParseResult parse) => parse.Action is WithExamples or HelpAction;

    /// <summary>Makes the root's (recursive) help option print the command's examples after its help.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction standard)
            {
                help.Action = new WithExamples(standard);
            }
        }
    }

    private sealed class WithExamples(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exit = standard.Invoke(parseResult);
            if (ByCommand.TryGetValue(CommandPaths.Below(parseResult), out var examples))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine("  " + example);
                }

                output.WriteLine();
            }

            return exit;
        }
    }
}
