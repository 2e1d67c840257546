using System.ClientModel;
using Anthropic;
using GenAIExecuter.Keyring;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OllamaSharp;
using OpenAI;

namespace GenAIExecuter.Generation;

/// <summary>Builds the <see cref="IChatClient"/> for a configured provider through its official SDK.</summary>
internal static class ChatClientFactory
{
    public static ProviderClient Create(CodeExecuterOptions options, string workingDirectory, ILogger logger)
    {
        var provider = Providers.Find(options.Provider ?? Providers.Default);
        var model = options.ModelName ?? provider.DefaultModel;
        var baseUrl = options.BaseUrl ?? provider.DefaultBaseUrl;
        var lookup = provider.TakesKey
            ? ApiKeys.FindAndMigrate(provider, options.ApiKey, workingDirectory, OsKeyring.Open(options.UseKeyring), logger)
            : new ApiKeyLookup(null, null);
        var key = lookup.Key;
        if (provider.NeedsKey && key is null)
        {
            throw new ConfigurationException(ApiKeys.MissingMessage(provider, lookup.KeyringProblem));
        }

        if (provider.Name == "openai-compatible" && baseUrl is null)
        {
            throw new ConfigurationException("The 'openai-compatible' provider needs a base URL (BaseUrl or --base-url), for example http://localhost:1234/v1.");
        }

        IChatClient client = provider.Name switch
        {
            // A local model may take minutes to load on its first request.
            "ollama" => new OllamaApiClient(TransientRetry.Client(new Uri(baseUrl ?? Environment.GetEnvironmentVariable("OLLAMA_HOST") ?? "http://localhost:11434"), TimeSpan.FromMinutes(10)), model),
            "anthropic" => new AnthropicClient { ApiKey = key!.Key, BaseUrl = baseUrl ?? "https://api.anthropic.com" }.AsIChatClient(model),
            _ => new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(key?.Key ?? "none"), new OpenAIClientOptions
            {
                Endpoint = baseUrl is null ? null : new Uri(baseUrl),
            }).AsIChatClient(),
        };
        return new ProviderClient(client, provider.Name, key?.Source);
    }
}

/// <summary>A built-in provider's chat client, with what an error message says about it.</summary>
/// <param name="Client">The chat client.</param>
/// <param name="Provider">The provider's name.</param>
/// <param name="KeySource">Where its API key came from (never the key); null when it has none.</param>
internal sealed record ProviderClient(IChatClient Client, string Provider, string? KeySource);
