using System.Text;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Generation;

/// <summary>RunStreamingAsync reports the model's text, each attempt and the program's output as they happen.</summary>
public sealed class RunStreamingTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [LinuxFact]
    public async Task Events_ComeInOrder_ThroughAFixCycle()
    {
        var model = new ScriptedChatClient("```python\nprint('partial', flush=True)\n1/0\n```", "```python\nprint('fixed')\n```");
        await using var executer = Create(model);
        var events = new List<RunEvent>();

        await foreach (var e in executer.RunStreamingAsync("Do it", saveExecution: false))
        {
            events.Add(e);
        }

        var kinds = string.Join(" ", events.Select(e => e.GetType().Name.Replace("Event", string.Empty, StringComparison.Ordinal)).Distinct());
        Assert.Equal("ModelText AttemptStarted ProgramOutput AttemptFinished RunCompleted", kinds);
        Assert.IsType<RunCompletedEvent>(events[^1]);
        Assert.Equal(2, events.OfType<AttemptStartedEvent>().Count());
        Assert.Equal("```python\nprint('partial', flush=True)\n1/0\n```", string.Concat(events.OfType<ModelTextEvent>().Where(e => e.Attempt == 1).Select(e => e.Text)));
        Assert.Equal("partial\n", Output(events, 1));
        Assert.Equal("fixed\n", Output(events, 2));
        var finished = events.OfType<AttemptFinishedEvent>().Select(e => e.Attempt.Status).ToList();
        Assert.Equal([ExecutionStatus.RuntimeError, ExecutionStatus.Succeeded], finished);
        Assert.True(((RunCompletedEvent)events[^1]).Result.Success);
    }

    [LinuxTheory]
    [InlineData("openai")]
    [InlineData("ollama")]
    [InlineData("anthropic")]
    public async Task Streaming_OverTheRealProtocol_SeesEveryPiece(string provider)
    {
        await using var server = await FakeProviderServer.StartAsync("Here:\n```python\nprint(sum(range(10)))\n```\nDone.");
        await using var executer = new CodeExecuter(new CodeExecuterOptions
        {
            Provider = provider,
            BaseUrl = provider is "ollama" or "anthropic" ? server.Url : server.Url + "/v1",
            ApiKey = "sk-stream",
            WorkingDirectory = fixture.World.Work,
            PrestartedProcesses = 0,
        });
        var text = new StringBuilder();
        ExecutionResult? result = null;

        await foreach (var e in executer.RunStreamingAsync("Sum 0..9", saveExecution: false))
        {
            if (e is ModelTextEvent t)
            {
                text.Append(t.Text);
            }
            else if (e is RunCompletedEvent done)
            {
                result = done.Result;
            }
        }

        Assert.Equal("Here:\n```python\nprint(sum(range(10)))\n```\nDone.", text.ToString());
        Assert.Equal("45\n", result!.Output);
        Assert.Equal(true, server.Requests[0].Body["stream"]?.GetValue<bool>());
    }

    private static string Output(List<RunEvent> events, int attempt) =>
        string.Concat(events.OfType<ProgramOutputEvent>().Where(e => e.Attempt == attempt && e.Output.Kind == OutputKind.StandardOutput).Select(e => e.Output.Text));

    private CodeExecuter Create(ScriptedChatClient model) =>
        new(model, new CodeExecuterOptions { WorkingDirectory = fixture.World.Work, PrestartedProcesses = 0 });
}
