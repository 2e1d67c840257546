using System.Globalization;

namespace GenAIExecuter.Configuration;

/// <summary>One configurable setting: its key in the file, its environment variable, what it accepts, and how it
/// lands in <see cref="CodeExecuterOptions"/>.</summary>
internal sealed record ConfigSetting(string Key, string Allowed, Action<CodeExecuterOptions, string> Apply, Func<CodeExecuterOptions, string?> Read)
{
    public string EnvironmentVariable => "GENAI_EXECUTER_" + Key[(Key.IndexOf('.', StringComparison.Ordinal) + 1)..].ToUpperInvariant();

    public static readonly IReadOnlyList<ConfigSetting> All =
    [
        new("genai.provider", "gemini, openai, perplexity, ollama, anthropic or openai-compatible", (o, v) => o.Provider = Generation.Providers.Find(v).Name, o => o.Provider),
        new("genai.model", "a model name", (o, v) => o.ModelName = v, o => o.ModelName),
        new("genai.temperature", "a number from 0 to 2", (o, v) => o.Temperature = Number(v, 0, 2), o => o.Temperature?.ToString(CultureInfo.InvariantCulture)),
        new("genai.base_url", "an http(s) URL", (o, v) => o.BaseUrl = Url(v), o => o.BaseUrl),
        new("genai.use_keyring", "true or false", (o, v) => o.UseKeyring = Bool(v), o => o.UseKeyring ? "true" : "false"),
        new("execution.mode", "subprocess or exec", (o, v) => o.ExecutionMode = OneOf<ExecutionMode>(v), o => o.ExecutionMode.ToString().ToLowerInvariant()),
        new("execution.security", "safe or permissive", (o, v) => o.SecurityMode = OneOf<SecurityMode>(v), o => o.SecurityMode.ToString().ToLowerInvariant()),
        new("execution.timeout", "seconds, more than 0", (o, v) => o.Timeout = TimeSpan.FromSeconds(Number(v, 0.001, 86400)), o => o.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)),
        new("execution.max_retries", "a whole number from 0 to 20", (o, v) => o.MaxRetries = (int)Whole(v, 0, 20), o => o.MaxRetries.ToString(CultureInfo.InvariantCulture)),
        new("execution.save_executions", "true or false", (o, v) => o.SaveExecutions = Bool(v), o => o.SaveExecutions ? "true" : "false"),
        new("execution.executions_dir", "a folder path", (o, v) => o.ExecutionsDirectory = v, o => o.ExecutionsDirectory),
        new("execution.python", "a Python interpreter (path or command)", (o, v) => o.Python = v, o => o.Python),
        new("execution.memory_mb", "MiB a SAFE run may use, from 32 to 1048576", (o, v) => o.Limits.MemoryBytes = Whole(v, 32, 1L << 20) << 20, o => (o.Limits.MemoryBytes >> 20).ToString(CultureInfo.InvariantCulture)),
        new("execution.allow_weak_isolation", "true or false", (o, v) => o.AllowWeakIsolation = Bool(v), o => o.AllowWeakIsolation ? "true" : "false"),
    ];

    private static double Number(string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FormatException();

    private static long Whole(string value, long min, long max) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new FormatException();

    private static bool Bool(string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new FormatException(),
    };

    private static string Url(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? value : throw new FormatException();

    private static T OneOf<T>(string value)
        where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : throw new FormatException();
}
