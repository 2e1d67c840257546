using System.CommandLine;
using GenAIExecuter.Configuration;

namespace GenAIExecuter.Cli.Commands;

/// <summary><c>genai-exec config show</c>: the effective configuration and where each value came from (keys masked).</summary>
internal static class ConfigCommand
{
    public static Command Build(CliConsole console)
    {
        var config = ConfigOption.Create();
        var show = new Command("show", "Show the effective configuration and where each value came from.") { config };
        show.SetAction(async (parse, _) =>
        {
            var loaded = ConfigOption.Load(parse, config);
            await console.Output.WriteLineAsync($"configuration file: {loaded.File ?? "(none found)"}");
            foreach (var setting in ConfigSetting.All)
            {
                var value = setting.Read(loaded.Options) ?? "(default)";
                await console.Output.WriteLineAsync($"{setting.Key,-28} {value,-32} {loaded.Sources[setting.Key]}");
            }

            await console.Output.WriteLineAsync($"{"api key",-28} {KeySource(loaded.Options),-32}");
            return ExitCodes.Success;
        });
        var command = new Command("config", "Inspect the configuration (JSON or TOML file, GENAI_EXECUTER_* variables, defaults).");
        command.Subcommands.Add(show);
        return command;
    }

    private static string KeySource(CodeExecuterOptions options)
    {
        var provider = Generation.Providers.Find(options.Provider ?? Generation.Providers.Default);
        if (!provider.TakesKey)
        {
            return $"not needed for {provider.Name}";
        }

        var key = Generation.ApiKeys.Find(provider, options.ApiKey, Directory.GetCurrentDirectory(), Keyring.OsKeyring.Open(options.UseKeyring)).Key;
        return key is not null ? $"****** (from {key.Source})"
            : provider.NeedsKey ? $"none found for {provider.Name}"
            : $"none found for {provider.Name} (optional)";
    }
}
