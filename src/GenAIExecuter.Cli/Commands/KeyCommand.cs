using System.CommandLine;
using GenAIExecuter.Generation;
using GenAIExecuter.Keyring;

namespace GenAIExecuter.Cli.Commands;

/// <summary><c>genai-exec key set|delete|status</c>: API keys in the OS keyring, stored as Python's <c>keyring</c>
/// stores them (service = provider, user = <c>api_key</c>). A key is never printed.</summary>
internal static class KeyCommand
{
    public static Command Build(CliConsole console)
    {
        var command = new Command("key", "Store, delete or locate provider API keys (the OS keyring; never printed).");
        command.Subcommands.Add(Set(console));
        command.Subcommands.Add(Delete(console));
        command.Subcommands.Add(Status(console));
        return command;
    }

    private static Argument<string> ProviderArgument() => new("provider")
    {
        Description = $"The provider: {string.Join(", ", Providers.All.Where(p => p.TakesKey).Select(p => p.Name))}.",
    };

    private static Command Set(CliConsole console)
    {
        var provider = ProviderArgument();
        var command = new Command("set", "Store a provider's API key in the OS keyring. The key is read from standard input (not echoed on a terminal).") { provider };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = KeyedProvider(parse.GetValue(provider)!);
            var keyring = UsableKeyring();
            if (console.IsInteractive)
            {
                await console.Error.WriteAsync($"API key for {chosen.Name}: ");
            }

            var key = (console.IsInteractive ? KeyReader.ReadHidden() : await console.Input.ReadLineAsync(cancellationToken))?.Trim();
            if (string.IsNullOrEmpty(key))
            {
                throw new UsageException($"No key was given. Pipe it in, for example: printf '%s' \"$KEY\" | genai-exec key set {chosen.Name}");
            }

            var saved = keyring.Write(chosen.Name, ApiKeys.KeyringUser, key);
            if (saved.Status != KeyringStatus.Ok)
            {
                await console.Error.WriteLineAsync($"error: could not store the {chosen.Name} key in {keyring.Name}: {saved.Error}");
                return ExitCodes.Failed;
            }

            await console.Output.WriteLineAsync($"Stored the {chosen.Name} API key in {keyring.Name} (service '{chosen.Name}', user '{ApiKeys.KeyringUser}').");
            if (chosen.KeyVariables.FirstOrDefault(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))) is { } variable)
            {
                await console.Error.WriteLineAsync($"note: ${variable} is set and is used before the keyring.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(CliConsole console)
    {
        var provider = ProviderArgument();
        var command = new Command("delete", "Delete a provider's API key from the OS keyring.") { provider };
        command.SetAction(async (parse, _) =>
        {
            var chosen = KeyedProvider(parse.GetValue(provider)!);
            var keyring = UsableKeyring();
            var deleted = keyring.Delete(chosen.Name, ApiKeys.KeyringUser);
            switch (deleted.Status)
            {
                case KeyringStatus.Ok:
                    await console.Output.WriteLineAsync($"Deleted the {chosen.Name} API key from {keyring.Name}.");
                    return ExitCodes.Success;
                case KeyringStatus.NotFound:
                    await console.Output.WriteLineAsync($"No {chosen.Name} API key in {keyring.Name}; nothing to delete.");
                    return ExitCodes.Success;
                default:
                    await console.Error.WriteLineAsync($"error: could not delete the {chosen.Name} key from {keyring.Name}: {deleted.Error}");
                    return ExitCodes.Failed;
            }
        });
        return command;
    }

    private static Command Status(CliConsole console)
    {
        var config = ConfigOption.Create();
        var command = new Command("status", "Show, for each provider, where its API key would come from (never the key).") { config };
        command.SetAction(async (parse, _) =>
        {
            var options = ConfigOption.Load(parse, config).Options;
            var keyring = OsKeyring.Open(options.UseKeyring);
            var sources = Providers.All.Where(p => p.TakesKey)
                .Select(p => (p.Name, Source: ApiKeys.Find(p, explicitKey: null, Directory.GetCurrentDirectory(), keyring).Key?.Source ?? "none found"))
                .ToList();
            // After the lookups, which may have found the keyring unresponsive.
            await console.Output.WriteLineAsync($"keyring: {(keyring.UnavailableReason is { } reason ? "not usable: " + reason : keyring.Name)}");
            foreach (var (name, source) in sources)
            {
                await console.Output.WriteLineAsync($"{name,-18} {source}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Provider KeyedProvider(string name)
    {
        var provider = Providers.Find(name);
        return provider.TakesKey ? provider : throw new UsageException($"The '{provider.Name}' provider needs no API key.");
    }

    private static IKeyring UsableKeyring()
    {
        var keyring = OsKeyring.Open(use: true);
        return keyring.UnavailableReason is { } reason
            ? throw new UsageException($"The OS keyring cannot be used here: {reason}. Use an environment variable or a key file instead ('genai-exec run --help').")
            : keyring;
    }
}
