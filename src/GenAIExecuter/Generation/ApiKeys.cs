namespace GenAIExecuter.Generation;

/// <summary>Where an API key was found (never the key itself).</summary>
/// <param name="Key">The key.</param>
/// <param name="Source">A description of its source, for messages: "the --api-key argument", "$OPENAI_API_KEY", a file path.</param>
internal sealed record ApiKey(string Key, string Source)
{
    public override string ToString() => $"API key from {Source}"; // never the key
}

/// <summary>Finds a provider's API key: the explicit value, then the conventional environment variables, then key
/// files (<c>{provider}_api_key.txt</c> or <c>apikey.txt</c>) in the working directory and the user config folder.
/// (The OS keyring, between variables and files, is not part of this build yet.)</summary>
internal static class ApiKeys
{
    public static ApiKey? Find(Provider provider, string? explicitKey, string workingDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitKey))
        {
            return new ApiKey(explicitKey.Trim(), "the ApiKey option (--api-key)");
        }

        foreach (var variable in provider.KeyVariables)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                return new ApiKey(value.Trim(), $"${variable}");
            }
        }

        foreach (var folder in new[] { workingDirectory, ConfigFolder })
        {
            foreach (var name in new[] { $"{provider.Name}_api_key.txt", "apikey.txt" })
            {
                var path = Path.Combine(folder, name);
                if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } key)
                {
                    return new ApiKey(key, path);
                }
            }
        }

        return null;
    }

    public static string ConfigFolder { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
        "genai-executer");

    public static string MissingMessage(Provider provider) =>
        $"No API key for provider '{provider.Name}'. Provide one in any of these ways: the ApiKey option or --api-key; " +
        $"the environment variable {string.Join(" or ", provider.KeyVariables)}; a file {provider.Name}_api_key.txt or apikey.txt " +
        $"in the working directory or in {ConfigFolder}. (Or use a local model with --provider ollama, or give the CodeExecuter your own IChatClient.)";
}
