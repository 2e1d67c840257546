using System.CommandLine;
using GenAIExecuter.Configuration;

namespace GenAIExecuter.Cli.Commands;

/// <summary>The <c>--config FILE</c> option, and loading the configuration it names (or finds).</summary>
internal static class ConfigOption
{
    public static Option<string?> Create() => new("--config")
    {
        Description = "The configuration file (JSON or TOML; default: config.json or config.toml here, then in ~/.config/genai-executer/).",
        HelpName = "FILE",
    };

    public static ConfiguredOptions Load(ParseResult parse, Option<string?> config) => ConfiguredOptions.Load(parse.GetValue(config));
}
