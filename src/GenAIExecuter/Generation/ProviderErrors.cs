using System.ClientModel;

namespace GenAIExecuter.Generation;

/// <summary>Turns a provider SDK's failure into a <see cref="ModelRequestException"/> that says what to fix.
/// (Transient failures, 429 and 5xx, were already retried with backoff by the SDKs.)</summary>
internal static class ProviderErrors
{
    public static ModelRequestException Describe(Exception error, string provider, string? keySource)
    {
        var status = error switch
        {
            ClientResultException result => result.Status,
            HttpRequestException http => (int?)http.StatusCode ?? 0,
            _ => StatusFromMessage(error.Message),
        };
        var key = keySource is null ? string.Empty : $" The key came from {keySource}.";
        var message = status switch
        {
            401 or 403 => $"The provider '{provider}' refused the API key (HTTP {status}).{key} Check that it is valid for this provider.",
            404 => $"The provider '{provider}' answered 404: the model or endpoint does not exist. Check --model and --base-url.",
            0 when error is HttpRequestException => $"The provider '{provider}' could not be reached: {error.Message}. Check --base-url and the network.",
            _ => $"The provider '{provider}' failed the request{(status > 0 ? $" (HTTP {status})" : string.Empty)}: {FirstLine(error.Message)}",
        };
        return new ModelRequestException(message, error);
    }

    private static int StatusFromMessage(string message) =>
        message.Contains("401", StringComparison.Ordinal) || message.Contains("Unauthorized", StringComparison.OrdinalIgnoreCase) ? 401
        : message.Contains("403", StringComparison.Ordinal) ? 403 : 0;

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    public static bool IsHttpStatus(Exception error) => error is ClientResultException or HttpRequestException || error.GetType().Namespace?.StartsWith("Anthropic", StringComparison.Ordinal) == true;
}
