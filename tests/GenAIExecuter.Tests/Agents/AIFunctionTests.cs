using GenAIExecuter.Tests.Sandbox.Files;
using GenAIExecuter.Tests.Support;
using Microsoft.Extensions.AI;

namespace GenAIExecuter.Tests.Agents;

/// <summary><c>executer.AsAIFunction()</c> through MEAI's own FunctionInvokingChatClient: a scripted model calls
/// <c>execute_python</c>, and what the model receives back is checked (the status, output and error, and the files as
/// DataContent), with the real sandbox.</summary>
public sealed class AIFunctionTests(AreaWorld world) : IClassFixture<AreaWorld>
{
    /// <summary>A model that first calls the tool with the given arguments, then answers in text; it records the
    /// conversations it was sent.</summary>
    private sealed class ToolCallingModel(Dictionary<string, object?> arguments) : IChatClient
    {
        public List<List<ChatMessage>> Calls { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls.Add([.. messages]);
            var reply = Calls.Count == 1
                ? new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", options!.Tools!.Single().Name, arguments)])
                : new ChatMessage(ChatRole.Assistant, "done");
            return Task.FromResult(new ChatResponse(reply));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        /// <summary>What the tool returned, as the model received it.</summary>
        public List<AIContent> ToolResult()
        {
            var result = Calls[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
            return Assert.IsAssignableFrom<IEnumerable<AIContent>>(result.Result).ToList();
        }
    }

    private static async Task<List<AIContent>> CallAsync(CodeExecuter executer, Dictionary<string, object?> arguments, bool allowPermissive = false)
    {
        var model = new ToolCallingModel(arguments);
        using var client = new ChatClientBuilder(model).UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync("run it", new ChatOptions { Tools = [executer.AsAIFunction(allowPermissive)] });

        Assert.Equal("done", response.Text);
        return model.ToolResult();
    }

    [KernelLayersFact]
    public async Task TheModel_GetsTheOutput_AsJson()
    {
        var result = await CallAsync(world.Get(ExecutionMode.Exec, isolation: true), new() { ["code"] = "print(6 * 7)" });

        var summary = System.Text.Json.JsonDocument.Parse(Assert.IsType<TextContent>(Assert.Single(result)).Text).RootElement;
        Assert.Equal("Succeeded", summary.GetProperty("status").GetString());
        Assert.Equal("42\n", summary.GetProperty("output").GetString());
        Assert.True(summary.GetProperty("success").GetBoolean());
    }

    [DataStackFact]
    public async Task ACharAndAFile_ComeBackAsDataContent()
    {
        var executer = world.Get(ExecutionMode.Subprocess, isolation: true, python: SystemPython.Path);
        var code = "import matplotlib.pyplot as plt\nplt.figure(figsize=(2, 1))\nplt.plot([1, 2])\nopen('out.csv', 'w').write('a,b\\n1,2\\n')";

        var result = await CallAsync(executer, new() { ["code"] = code });

        var files = result.OfType<DataContent>().ToDictionary(d => d.Name!);
        Assert.Equal("text/csv", files["out.csv"].MediaType);
        Assert.Equal("a,b\n1,2\n", System.Text.Encoding.UTF8.GetString(files["out.csv"].Data.Span));
        Assert.Equal("image/png", files["figure-1.png"].MediaType);
        Assert.Equal((200, 100), Png.Size(files["figure-1.png"].Data.ToArray()));
        Assert.Contains("\"path\":\"figure-1.png\"", ((TextContent)result[0]).Text, StringComparison.Ordinal);
    }

    [KernelLayersFact]
    public async Task ARefusal_IsAResultTheModelReads_NotAnException()
    {
        var result = await CallAsync(world.Get(ExecutionMode.Exec, isolation: true), new() { ["code"] = "import subprocess\nsubprocess.run(['id'])" });

        var text = ((TextContent)result[0]).Text;
        Assert.Contains("\"status\":\"PolicyViolation\"", text, StringComparison.Ordinal);
        Assert.Contains("\"rule\":", text, StringComparison.Ordinal);
    }

    [KernelLayersTheory]
    [InlineData("{}", "Give the Python program in 'code'.")]
    [InlineData("{\"code\": \"print(1)\", \"timeout\": -5}", "'timeout' must be a positive number of seconds.")]
    public async Task BadArguments_AreResults_TheModelCanFix(string json, string message)
    {
        var arguments = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(json)!;

        var result = await CallAsync(world.Get(ExecutionMode.Exec, isolation: true), arguments);

        Assert.Contains(message, ((TextContent)Assert.Single(result)).Text, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task APermissiveExecuter_Refuses_UnlessAllowed()
    {
        await using var executer = ExecuterConfigurations.Create(world.Work, SecurityMode.Permissive, ExecutionMode.Subprocess, isolation: false);

        var refused = await CallAsync(executer, new() { ["code"] = "print('ran')" });
        var allowed = await CallAsync(executer, new() { ["code"] = "print('ran')" }, allowPermissive: true);

        Assert.Contains("\"status\":\"refused\"", ((TextContent)refused[0]).Text, StringComparison.Ordinal);
        Assert.Contains("\"output\":\"ran\\n\"", ((TextContent)allowed[0]).Text, StringComparison.Ordinal);
    }

    [KernelLayersFact]
    public async Task TheTimeout_IsTheModelsUpToTheExecutersOwn()
    {
        var executer = world.Get(ExecutionMode.Exec, isolation: true, configure: o => o.Timeout = TimeSpan.FromSeconds(1), key: "short");

        var result = await CallAsync(executer, new() { ["code"] = "import time\ntime.sleep(30)", ["timeout"] = 600 });

        Assert.Contains("\"status\":\"TimedOut\"", ((TextContent)result[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSchema_AsksForCodeAndAnOptionalTimeout()
    {
        var function = new CodeExecuter().AsAIFunction();

        Assert.Equal("execute_python", function.Name);
        Assert.Equal("code", function.JsonSchema.GetProperty("required")[0].GetString());
        Assert.Equal("number", function.JsonSchema.GetProperty("properties").GetProperty("timeout").GetProperty("type").GetString());
    }
}
