using System.Diagnostics;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Generation;

/// <summary>Cancellation stops a run promptly, whether it is waiting on the model (a real HTTP request through the SDK)
/// or running the code (a real process, which must be gone afterwards); Ctrl+C does the same for genai-exec run.</summary>
public sealed class CancellationTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(10);

    [LinuxFact]
    public async Task Cancelling_WhileTheModelThinks_StopsTheRequest()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(1)\n```");
        server.ReplyDelay = TimeSpan.FromMinutes(5);
        await using var executer = new CodeExecuter(new CodeExecuterOptions
        {
            Provider = "openai", BaseUrl = server.Url + "/v1", ApiKey = "sk-cancel", WorkingDirectory = fixture.World.Work, PrestartedProcesses = 0,
        });
        // Long enough for the request to reach the server on a busy machine (the sandbox is prepared first).
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executer.RunAsync("anything", saveExecution: false, cancellationToken: cancel.Token));

        Assert.True(clock.Elapsed < Prompt, $"cancellation took {clock.Elapsed}");
        Assert.Single(server.Requests);
    }

    [LinuxFact]
    public async Task Cancelling_WhileTheCodeRuns_KillsIt()
    {
        var work = Directory.CreateDirectory(Path.Combine(fixture.World.Root, $"cancel-{Guid.NewGuid():N}")).FullName;
        var model = new ScriptedChatClient("```python\nimport time\nprint('started', flush=True)\ntime.sleep(300)\n```");
        await using var executer = new CodeExecuter(model, new CodeExecuterOptions { WorkingDirectory = work, PrestartedProcesses = 0, Timeout = TimeSpan.FromMinutes(10) });
        using var cancel = new CancellationTokenSource();
        var running = new List<int>();
        var clock = new Stopwatch();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var e in executer.RunStreamingAsync("Sleep", saveExecution: false, cancellationToken: cancel.Token))
            {
                if (e is ProgramOutputEvent)
                {
                    running.AddRange(ProcessTable.WithWorkingDirectory(work));
                    clock.Start();
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.True(clock.Elapsed < Prompt, $"cancellation took {clock.Elapsed}");
        Assert.NotEmpty(running);
        Assert.Empty(await ProcessTable.SurvivorsInAsync(work, TimeSpan.FromSeconds(2)));
    }

    [LinuxFact]
    public async Task CtrlC_StopsGenaiExecRun_WithExitCode130()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(1)\n```");
        server.ReplyDelay = TimeSpan.FromMinutes(5);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = fixture.World.Work };
        foreach (var arg in new[] { CliProcess.Assembly, "run", "anything", "--provider", "openai", "--base-url", server.Url + "/v1", "--api-key", "sk-int", "--no-save" })
        {
            start.ArgumentList.Add(arg);
        }

        CliProcess.SetEnvironment(start, null);
        using var cli = Process.Start(start)!;
        var output = cli.StandardOutput.ReadToEndAsync();
        Assert.StartsWith("Asking openai", await cli.StandardError.ReadLineAsync());
        while (server.Requests.Count == 0)
        {
            await Task.Delay(50);
        }

        using (var interrupt = Process.Start("kill", ["-INT", cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        var error = await cli.StandardError.ReadToEndAsync();
        using var grace = new CancellationTokenSource(Prompt);
        await cli.WaitForExitAsync(grace.Token);

        Assert.Equal(130, cli.ExitCode);
        Assert.Contains("Interrupted.", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await output);
    }
}
