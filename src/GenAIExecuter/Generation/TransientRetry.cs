using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace GenAIExecuter.Generation;

/// <summary>Retries transient HTTP failures (429, 408, 5xx, dropped connections) with exponential backoff and jitter,
/// honouring Retry-After, for the SDKs that do not retry on their own (OllamaSharp). The OpenAI and Anthropic SDKs
/// retry themselves and do not get this handler, so a request is never retried twice over.</summary>
internal static class TransientRetry
{
    private static readonly ResiliencePipeline<HttpResponseMessage> Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    /// <summary>An HttpClient for <paramref name="baseAddress"/> whose requests are retried on transient failures.</summary>
    public static HttpClient Client(Uri baseAddress, TimeSpan timeout) =>
        new(new ResilienceHandler(Pipeline) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = baseAddress,
            Timeout = timeout,
        };
}
