using System.ClientModel;

namespace GenAIExecuter.Generation;

/// <summary>Turns a provider SDK's failure into a <see cref="ModelRequestException"/> that says what to fix.
/// (Transient failures, 429 and 5xx, were already retried with backoff by the SDKs.)</summary>
internal static class ProviderErrors
{
    public static ModelRequestException Describe(Exception error, string provider, string? keySource, string? baseUrl = null)
    {
        error = Unwrap(error);
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
            0 when Unreachable(error) is { } cause =>
                $"The provider '{provider}' could not be reached{(baseUrl is null ? string.Empty : $" at {baseUrl}")}: {cause.TrimEnd('.')}. " +
                "Check that the server is running, the --base-url, and the network.",
            _ => $"The provider '{provider}' failed the request{(status > 0 ? $" (HTTP {status})" : string.Empty)}: {FirstLine(error.Message)}",
        };
        return new ModelRequestException(message, error);
    }

    private static int StatusFromMessage(string message) =>
        message.Contains("401", StringComparison.Ordinal) || message.Contains("Unauthorized", StringComparison.OrdinalIgnoreCase) ? 401
        : message.Contains("403", StringComparison.Ordinal) ? 403 : 0;

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>Whether a failure came from the provider's SDK or the way to it (an HTTP status, a refused or dropped
    /// connection, a timeout), perhaps wrapped in the AggregateException of an SDK's retries.</summary>
    public static bool IsProviderFailure(Exception error)
    {
        var inner = Unwrap(error);
        return inner is ClientResultException or HttpRequestException or System.Net.Sockets.SocketException or IOException or TimeoutException
            || inner.GetType().Namespace?.StartsWith("Anthropic", StringComparison.Ordinal) == true
            || inner.GetType().Namespace?.StartsWith("OllamaSharp", StringComparison.Ordinal) == true;
    }

    /// <summary>The last of an SDK's retries (an AggregateException holds one failure per try).</summary>
    private static Exception Unwrap(Exception error)
    {
        while (error is AggregateException { InnerExceptions.Count: > 0 } many)
        {
            error = many.InnerExceptions[^1];
        }

        return error;
    }

    /// <summary>Why no answer came at all (the innermost network error), or null when the server did answer.</summary>
    private static string? Unreachable(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException or HttpRequestException { StatusCode: null } or TimeoutException or TaskCanceledException)
            {
                var innermost = e;
                while (innermost.InnerException is { } deeper)
                {
                    innermost = deeper;
                }

                return innermost.Message;
            }
        }

        return null;
    }
}
