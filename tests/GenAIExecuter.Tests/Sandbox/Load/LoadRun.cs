using System.Collections.Concurrent;
using System.Diagnostics;

namespace GenAIExecuter.Tests.Sandbox.Load;

/// <summary>Drives many calls at once through one executer and collects, for each, what came back and how long it
/// took; then says in one message every call that was wrong.</summary>
internal sealed class LoadRun
{
    private readonly ConcurrentDictionary<int, string> _problems = new();

    public ConcurrentDictionary<int, ExecutionResult> Results { get; } = new();

    /// <summary>When each call started and ended, on <see cref="Clock"/>.</summary>
    public ConcurrentDictionary<int, (TimeSpan Start, TimeSpan End)> Spans { get; } = new();

    /// <summary>The clock the spans are on, started before the first call.</summary>
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public static async Task<LoadRun> RunAsync(int count, int concurrency, Func<int, CancellationToken, Task<ExecutionResult?>> call)
    {
        var run = new LoadRun();
        await run.DriveAsync(count, concurrency, call);
        return run;
    }

    /// <summary>Makes the calls, at most <paramref name="concurrency"/> at a time.</summary>
    public async Task DriveAsync(int count, int concurrency, Func<int, CancellationToken, Task<ExecutionResult?>> call)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var start = Clock.Elapsed;
            try
            {
                var result = await call(i, CancellationToken.None);
                if (result is not null)
                {
                    Results[i] = result;
                }
            }
            catch (Exception error)
            {
                Fail(i, $"threw {error.GetType().Name}: {error.Message}");
            }
            finally
            {
                Spans[i] = (start, Clock.Elapsed);
            }
        });
    }

    public void Fail(int i, string problem) => _problems.AddOrUpdate(i, problem, (_, before) => before + "; " + problem);

    /// <summary>Checks a call against its program: status, exact output and error, and the time bound.</summary>
    public void Check(int i, LoadProgram program)
    {
        if (!Results.TryGetValue(i, out var result))
        {
            return;
        }

        if (result.Status != program.Status)
        {
            Fail(i, $"status {result.Status}, expected {program.Status} ({Shorten(result.Error)})");
        }

        // A timeout counts the sandbox's start: under this load a run may time out before its code reached its
        // first line. Then its output is empty; anything else than all of it or none is output lost.
        var outputMatches = result.Output == program.Output
            || (program.Status == ExecutionStatus.TimedOut && result.Status == ExecutionStatus.TimedOut && result.Output.Length == 0);
        if (!outputMatches)
        {
            Fail(i, $"output {Shorten(result.Output)}, expected {Shorten(program.Output)}");
        }

        var errorMatches = program.Status == ExecutionStatus.TimedOut
            ? result.Error.StartsWith("Timed out after", StringComparison.Ordinal)
            : result.Error == program.Error;
        if (!errorMatches)
        {
            Fail(i, $"error {Shorten(result.Error)}, expected {Shorten(program.Error)}");
        }

        CheckTimeBound(i, program.Timeout);
    }

    /// <summary>Every call returns within its timeout plus one second, whatever else is running.</summary>
    public void CheckTimeBound(int i, TimeSpan timeout)
    {
        if (Spans.TryGetValue(i, out var span) && span.End - span.Start is var elapsed && elapsed > timeout + TimeSpan.FromSeconds(1))
        {
            Fail(i, $"returned after {elapsed.TotalSeconds:0.00} s, over its {timeout.TotalSeconds:0} s timeout + 1 s");
        }
    }

    public void AssertNoProblems(string what)
    {
        var lines = _problems.OrderBy(p => p.Key).Take(20).Select(p => $"  call {p.Key}: {p.Value}");
        Assert.True(_problems.IsEmpty, $"{_problems.Count} of {Spans.Count} calls went wrong ({what}):\n{string.Join("\n", lines)}");
    }

    private static string Shorten(string text) =>
        text.Length <= 120 ? $"'{text.ReplaceLineEndings("|")}'" : $"'{text[..60].ReplaceLineEndings("|")}…{text[^40..].ReplaceLineEndings("|")}' ({text.Length} chars)";
}
