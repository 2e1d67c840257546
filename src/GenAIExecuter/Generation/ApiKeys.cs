using GenAIExecuter.Keyring;
using Microsoft.Extensions.Logging;

namespace GenAIExecuter.Generation;

/// <summary>Where an API key was found (never the key itself).</summary>
/// <param name="Key">The key.</param>
/// <param name="Source">A description of its source, for messages: "the --api-key argument", "$OPENAI_API_KEY", a file path.</param>
/// <param name="File">The key file it was read from, when it came from one.</param>
internal sealed record ApiKey(string Key, string Source, string? File = null)
{
    public override string ToString() => $"API key from {Source}"; // never the key
}

/// <summary>What a key lookup found: the key, if any, and why the keyring could not be asked (for messages).</summary>
internal sealed record ApiKeyLookup(ApiKey? Key, string? KeyringProblem);

/// <summary>Finds a provider's API key, first found wins: the explicit value; the conventional environment variables;
/// the OS keyring (service = provider name, user = <c>api_key</c>, as Python's <c>keyring</c> stores it); key files
/// <c>{provider}_api_key.txt</c> or <c>apikey.txt</c> in the working directory and then the user config folder.</summary>
internal static class ApiKeys
{
    /// <summary>The keyring user name every provider's key is stored under.</summary>
    public const string KeyringUser = "api_key";

    public static ApiKeyLookup Find(Provider provider, string? explicitKey, string workingDirectory, IKeyring keyring)
    {
        if (!string.IsNullOrWhiteSpace(explicitKey))
        {
            return new(new ApiKey(explicitKey.Trim(), "the ApiKey option (--api-key)"), null);
        }

        foreach (var variable in provider.KeyVariables)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                return new(new ApiKey(value.Trim(), $"${variable}"), null);
            }
        }

        var stored = keyring.Read(provider.Name, KeyringUser); // an unusable keyring fails at once, with its reason
        if (stored is { Status: KeyringStatus.Ok, Secret: { } secret } && secret.Trim() is { Length: > 0 } fromKeyring)
        {
            return new(new ApiKey(fromKeyring, $"{keyring.Name} (service '{provider.Name}', user '{KeyringUser}')"), null);
        }

        return new(FromFiles(provider, workingDirectory), stored.Error);
    }

    /// <summary>Finds the key, and moves a key found in a file into the keyring when one is available, telling the
    /// user once (the next lookup finds it in the keyring, before the files).</summary>
    public static ApiKeyLookup FindAndMigrate(Provider provider, string? explicitKey, string workingDirectory, IKeyring keyring, ILogger logger)
    {
        var lookup = Find(provider, explicitKey, workingDirectory, keyring);
        if (lookup.Key is { File: { } file } key && keyring.UnavailableReason is null)
        {
            var saved = keyring.Write(provider.Name, KeyringUser, key.Key);
            if (saved.Status == KeyringStatus.Ok)
            {
                Log.KeyMigrated(logger, provider.Name, file, keyring.Name);
            }
            else
            {
                Log.KeyNotMigrated(logger, provider.Name, file, saved.Error ?? "unknown error");
            }
        }

        return lookup;
    }

    private static ApiKey? FromFiles(Provider provider, string workingDirectory)
    {
        foreach (var folder in new[] { workingDirectory, ConfigFolder })
        {
            foreach (var name in new[] { $"{provider.Name}_api_key.txt", "apikey.txt" })
            {
                var path = Path.Combine(folder, name);
                if (System.IO.File.Exists(path) && System.IO.File.ReadAllText(path).Trim() is { Length: > 0 } key)
                {
                    return new ApiKey(key, path, path);
                }
            }
        }

        return null;
    }

    public static string ConfigFolder { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
        "genai-executer");

    public static string MissingMessage(Provider provider, string? keyringProblem) =>
        $"No API key for provider '{provider.Name}'. Provide one in any of these ways: the ApiKey option or --api-key; " +
        $"the environment variable {string.Join(" or ", provider.KeyVariables)}; the OS keyring (genai-exec key set {provider.Name}" +
        (keyringProblem is null ? ")" : $"; not usable here: {keyringProblem})") +
        $"; a file {provider.Name}_api_key.txt or apikey.txt in the working directory or in {ConfigFolder}. " +
        "(Or use a local model with --provider ollama, or give the CodeExecuter your own IChatClient.)";
}
