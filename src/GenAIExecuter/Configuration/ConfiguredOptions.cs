namespace GenAIExecuter.Configuration;

/// <summary>Options built from the defaults, a configuration file and <c>GENAI_EXECUTER_*</c> environment variables,
/// with where each value came from.</summary>
/// <param name="Options">The options; apply command-line arguments on top.</param>
/// <param name="File">The configuration file read, or null when there was none.</param>
/// <param name="Sources">For each setting key (<c>genai.provider</c>, …): "default", the file's path, or the variable's name.</param>
public sealed record ConfiguredOptions(CodeExecuterOptions Options, string? File, IReadOnlyDictionary<string, string> Sources)
{
    /// <summary>Loads the configuration. Precedence: environment variables over the file over the defaults.</summary>
    /// <param name="configFile">An explicit file; null to look for config.json or config.toml in the working directory,
    /// then in <c>~/.config/genai-executer/</c>.</param>
    /// <param name="workingDirectory">Where to look; null for the current directory.</param>
    /// <exception cref="ConfigurationException">The file is missing, malformed, or has a bad value; the message names
    /// the file, the key and what is allowed.</exception>
    public static ConfiguredOptions Load(string? configFile = null, string? workingDirectory = null)
    {
        var cwd = Path.GetFullPath(workingDirectory ?? Directory.GetCurrentDirectory());
        var options = new CodeExecuterOptions();
        var sources = ConfigSetting.All.ToDictionary(s => s.Key, _ => "default", StringComparer.Ordinal);
        var file = ConfigFile.Find(configFile, cwd);
        if (file is not null)
        {
            var values = ConfigFile.Read(file);
            foreach (var unknown in values.Keys.Where(k => ConfigSetting.All.All(s => s.Key != k)))
            {
                throw new ConfigurationException($"Unknown setting '{unknown}' in '{file}'. Known settings: {string.Join(", ", ConfigSetting.All.Select(s => s.Key))}.");
            }

            foreach (var setting in ConfigSetting.All.Where(s => values.ContainsKey(s.Key)))
            {
                Apply(setting, options, values[setting.Key], $"'{setting.Key}' in '{file}'");
                sources[setting.Key] = file;
            }
        }

        foreach (var setting in ConfigSetting.All)
        {
            if (Environment.GetEnvironmentVariable(setting.EnvironmentVariable) is { Length: > 0 } value)
            {
                Apply(setting, options, value, $"${setting.EnvironmentVariable}");
                sources[setting.Key] = $"${setting.EnvironmentVariable}";
            }
        }

        return new ConfiguredOptions(options, file, sources);
    }

    private static void Apply(ConfigSetting setting, CodeExecuterOptions options, string value, string where)
    {
        try
        {
            setting.Apply(options, value);
        }
        catch (FormatException)
        {
            throw new ConfigurationException($"{where} is '{value}'; it must be {setting.Allowed}.");
        }
        catch (ConfigurationException error)
        {
            throw new ConfigurationException($"{where}: {error.Message}");
        }
    }
}
