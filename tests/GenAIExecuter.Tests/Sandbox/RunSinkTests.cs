using System.Text;
using GenAIExecuter.Sandbox;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>The host's half of the completeness proof: a result counts the bytes the runner relayed, and any other
/// count than what arrived turns the run into a sandbox error that names the loss.</summary>
public sealed class RunSinkTests
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AResult_WhoseCountsMatchWhatArrived_IsTheProgramsOwn()
    {
        var sink = new RunSink(null);

        sink.Accept(Frame(RunnerFrame.StandardOutput, "hello\n"));
        sink.Accept(Frame(RunnerFrame.StandardError, "warn\n"));
        sink.Accept(Frame(RunnerFrame.Result, "status=ok\nexit=0\nout_bytes=6\nerr_bytes=5\n"));
        var outcome = await sink.Completion;

        Assert.Equal("ok", outcome.Status);
        Assert.Equal("hello\n", outcome.Output);
        Assert.Equal("warn\n", outcome.Error);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("status=ok\nexit=0\nout_bytes=12\nerr_bytes=0\n", "Output was lost")]
    [InlineData("status=ok\nexit=0\nout_bytes=6\nerr_bytes=3\n", "Output was lost")]
    [InlineData("status=ok\nexit=0\n", "cannot be proved complete")]
    public async Task AResult_WhoseCountsDiffer_IsASandboxErrorNamingTheLoss(string result, string named)
    {
        var sink = new RunSink(null);

        sink.Accept(Frame(RunnerFrame.StandardOutput, "hello\n"));
        sink.Accept(Frame(RunnerFrame.Result, result));
        var outcome = await sink.Completion;

        Assert.Equal("internal", outcome.Status);
        Assert.Contains(named, outcome["message"], StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AnAbandonedRun_StillLearnsWhenTheRunnerReportsIt()
    {
        var sink = new RunSink(null);

        sink.Abandon("internal", "no report in time");
        Assert.False(sink.Reported.IsCompleted);
        sink.Accept(Frame(RunnerFrame.Result, "status=cancelled\nout_bytes=0\nerr_bytes=0\n"));

        Assert.True(sink.Reported.IsCompleted);
        Assert.Equal("internal", (await sink.Completion).Status);
    }

    private static RunnerFrame Frame(byte kind, string payload) => new(kind, 1, Encoding.UTF8.GetBytes(payload));
}
