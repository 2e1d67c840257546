using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GenAIExecuter.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 (Kestrel, port 0) that speaks the providers' wire protocols with scripted
/// replies: OpenAI chat completions, Ollama /api/chat (JSON or NDJSON), Anthropic /v1/messages. It records every request.</summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<string> _replies;
    private readonly Queue<int> _failures = new();

    private FakeProviderServer(WebApplication app, IEnumerable<string> replies)
    {
        _app = app;
        _replies = new Queue<string>(replies);
    }

    public string Url { get; private set; } = string.Empty;

    public List<(string Path, IHeaderDictionary Headers, JsonNode Body)> Requests { get; } = [];

    public static async Task<FakeProviderServer> StartAsync(params string[] replies)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeProviderServer(app, replies);
        app.MapPost("/{**path}", server.HandleAsync);
        await app.StartAsync();
        server.Url = app.Urls.Single();
        return server;
    }

    /// <summary>How long the server waits before answering each request (a slow model).</summary>
    public TimeSpan ReplyDelay { get; set; }

    /// <summary>A "status" for <see cref="FailNext"/>: the connection is dropped without a response.</summary>
    public const int DroppedConnection = 0;

    /// <summary>The next requests fail with these HTTP statuses (or <see cref="DroppedConnection"/>), in order, before
    /// replies resume.</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _failures.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!;
        lock (Requests)
        {
            var headers = new HeaderDictionary(); // case-insensitive, as HTTP header names are
            foreach (var (name, value) in context.Request.Headers)
            {
                headers[name] = value;
            }

            Requests.Add((context.Request.Path.Value!, headers, body));
        }

        try
        {
            await Task.Delay(ReplyDelay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return; // the client gave up (a cancelled run)
        }

        if (_failures.TryDequeue(out var status))
        {
            if (status == DroppedConnection)
            {
                context.Abort();
                return;
            }

            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { error = new { message = $"scripted failure {status}", type = "error" } });
            return;
        }

        var reply = _replies.Count > 1 ? _replies.Dequeue() : _replies.Peek();
        var model = body["model"]?.GetValue<string>() ?? "unknown";
        var path = context.Request.Path.Value!;
        if (path.EndsWith("/api/chat", StringComparison.Ordinal))
        {
            await OllamaAsync(context, body, model, reply);
        }
        else if (path.EndsWith("/messages", StringComparison.Ordinal) && body["stream"]?.GetValue<bool>() == true)
        {
            await AnthropicStreamAsync(context, model, reply);
        }
        else if (path.EndsWith("/messages", StringComparison.Ordinal))
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = "msg_1", ["type"] = "message", ["role"] = "assistant", ["model"] = model,
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = reply }),
                ["stop_reason"] = "end_turn", ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = 10, ["output_tokens"] = 5 },
            });
        }
        else if (body["stream"]?.GetValue<bool>() == true)
        {
            await OpenAiStreamAsync(context, model, reply);
        }
        else
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = "chatcmpl-1", ["object"] = "chat.completion", ["created"] = 0, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["finish_reason"] = "stop",
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
            });
        }
    }

    /// <summary>OpenAI's server-sent events: content deltas, a final chunk with the finish reason, then [DONE].</summary>
    private static async Task OpenAiStreamAsync(HttpContext context, string model, string reply)
    {
        context.Response.ContentType = "text/event-stream";
        var pieces = new[] { reply[..(reply.Length / 3)], reply[(reply.Length / 3)..(2 * reply.Length / 3)], reply[(2 * reply.Length / 3)..] };
        foreach (var piece in pieces)
        {
            await Event(new JsonObject { ["role"] = "assistant", ["content"] = piece }, null);
        }

        await Event(new JsonObject(), "stop");
        await context.Response.WriteAsync("data: [DONE]\n\n");

        async Task Event(JsonObject delta, string? finish)
        {
            var chunk = new JsonObject
            {
                ["id"] = "chatcmpl-1", ["object"] = "chat.completion.chunk", ["created"] = 0, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
            };
            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
            await context.Response.Body.FlushAsync();
        }
    }

    /// <summary>Anthropic's server-sent events: message_start, one text block in three deltas, message_delta with the
    /// stop reason and usage, message_stop.</summary>
    private static async Task AnthropicStreamAsync(HttpContext context, string model, string reply)
    {
        context.Response.ContentType = "text/event-stream";
        await Event("message_start", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["id"] = "msg_1", ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = new JsonArray(),
                ["stop_reason"] = null, ["stop_sequence"] = null, ["usage"] = new JsonObject { ["input_tokens"] = 10, ["output_tokens"] = 1 },
            },
        });
        await Event("content_block_start", new JsonObject { ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = string.Empty } });
        foreach (var piece in new[] { reply[..(reply.Length / 3)], reply[(reply.Length / 3)..(2 * reply.Length / 3)], reply[(2 * reply.Length / 3)..] })
        {
            await Event("content_block_delta", new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece } });
        }

        await Event("content_block_stop", new JsonObject { ["index"] = 0 });
        await Event("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = 5 },
        });
        await Event("message_stop", new JsonObject());

        async Task Event(string type, JsonObject data)
        {
            data["type"] = type;
            await context.Response.WriteAsync($"event: {type}\ndata: {data.ToJsonString()}\n\n");
            await context.Response.Body.FlushAsync();
        }
    }

    private static async Task OllamaAsync(HttpContext context, JsonNode body, string model, string reply)
    {
        var done = new JsonObject
        {
            ["model"] = model, ["created_at"] = "2026-11-24T00:00:00Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = string.Empty },
            ["done"] = true, ["done_reason"] = "stop", ["prompt_eval_count"] = 10, ["eval_count"] = 5,
        };
        if (body["stream"]?.GetValue<bool>() == false)
        {
            done["message"]!["content"] = reply;
            await context.Response.WriteAsJsonAsync(done);
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        foreach (var piece in new[] { reply[..(reply.Length / 2)], reply[(reply.Length / 2)..] })
        {
            var chunk = new JsonObject
            {
                ["model"] = model, ["created_at"] = "2026-11-24T00:00:00Z",
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = piece }, ["done"] = false,
            };
            await context.Response.WriteAsync(chunk.ToJsonString() + "\n");
        }

        await context.Response.WriteAsync(done.ToJsonString() + "\n");
    }
}
