using Microsoft.Extensions.AI;

namespace GenAIExecuter.Tests.Support;

/// <summary>A hand-written fake model: replies from a script, one per call, and records every conversation it was sent.</summary>
internal sealed class ScriptedChatClient(params string[] replies) : IChatClient
{
    private readonly Queue<string> _replies = new(replies);

    public List<List<ChatMessage>> Calls { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls.Add([.. messages]);
        Options.Add(options);
        var reply = _replies.Count > 1 ? _replies.Dequeue() : _replies.Peek(); // the last reply repeats
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply))
        {
            ModelId = "scripted-model",
            Usage = new UsageDetails { TotalTokenCount = 100 + Calls.Count },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        var text = response.Text;
        for (var i = 0; i < text.Length; i += 7)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, text.Substring(i, Math.Min(7, text.Length - i)));
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, "scripted-model") : null;

    public void Dispose()
    {
    }

    /// <summary>The text of the last user message of a call.</summary>
    public string LastUserText(int call) => Calls[call].Last(m => m.Role == ChatRole.User).Text;
}
