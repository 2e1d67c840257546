namespace GenAIExecuter.Generation;

/// <summary>One LLM provider: its name, default model, default endpoint, and where its key conventionally lives.</summary>
/// <param name="Name">The name used in options, config and on the command line.</param>
/// <param name="DefaultModel">The model used when none is configured.</param>
/// <param name="DefaultBaseUrl">The endpoint used when no base URL is configured; null when one must be given.</param>
/// <param name="KeyVariables">Environment variables that may hold its API key, in order; empty when it takes none.</param>
/// <param name="KeyOptional">Whether it runs without a key when none is found (a local OpenAI-compatible server).</param>
internal sealed record Provider(string Name, string DefaultModel, string? DefaultBaseUrl, IReadOnlyList<string> KeyVariables, bool KeyOptional = false)
{
    /// <summary>Whether it takes an API key at all (so one is looked up, and can be stored).</summary>
    public bool TakesKey => KeyVariables.Count > 0;

    /// <summary>Whether a run fails without a key.</summary>
    public bool NeedsKey => TakesKey && !KeyOptional;
}

/// <summary>The providers GenAI Executer knows, with their defaults in one place.</summary>
internal static class Providers
{
    public const string Default = "gemini";

    public static readonly IReadOnlyList<Provider> All =
    [
        new("gemini", "gemini-3-flash-preview", "https://generativelanguage.googleapis.com/v1beta/openai/", ["GEMINI_API_KEY", "GOOGLE_API_KEY"]),
        new("openai", "gpt-4o", null, ["OPENAI_API_KEY"]),
        new("perplexity", "sonar", "https://api.perplexity.ai", ["PERPLEXITY_API_KEY"]),
        new("ollama", "llama3.1", null, []),
        new("anthropic", "claude-sonnet-4-5", null, ["ANTHROPIC_API_KEY"]),
        new("openai-compatible", "default", null, ["OPENAI_API_KEY"], KeyOptional: true),
    ];

    public static Provider Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ConfigurationException($"Unknown provider '{name}'. Valid providers: {string.Join(", ", All.Select(p => p.Name))}.");
}
