namespace GenAIExecuter.Tests.Sandbox.Load;

/// <summary>One program of a load test and exactly what it must produce. The mix covers what loses output when the
/// relay is wrong: flushed lines with pauses, output buffered until exit, raw writes to the descriptors, output larger
/// than a pipe holds, both streams at once, a failing program and one that times out.</summary>
internal sealed record LoadProgram(string Code, string Output, string Error, ExecutionStatus Status, TimeSpan Timeout)
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan SleeperTimeout = TimeSpan.FromSeconds(4); // long enough that its code usually starts under this load

    public static LoadProgram For(int i) => (i % 40) switch
    {
        39 => new($"import time\nprint('run-{i} start', flush=True)\ntime.sleep(60)", $"run-{i} start\n", string.Empty, ExecutionStatus.TimedOut, SleeperTimeout),
        _ => (i % 6) switch
        {
            0 => Simple($"import time\nfor k in range(4):\n    print('run-{i}', k, flush=True)\n    time.sleep(0.01)", Lines(i, 4)),
            1 => Simple($"import sys\nfor k in range(4):\n    sys.stdout.write(f'run-{i} {{k}}\\n')", Lines(i, 4)),
            2 => new($"import os\nfor k in range(4):\n    os.write(1, f'run-{i} {{k}}\\n'.encode())\nos.write(2, b'err-{i}\\n')",
                Lines(i, 4), $"err-{i}\n", ExecutionStatus.Succeeded, RunTimeout),
            3 => Simple($"for k in range(3000):\n    print('run-{i}', k, 'x' * 40)", Big(i)),
            4 => new($"import sys\nfor k in range(4):\n    print('run-{i}', k)\n    print('err-{i}', k, file=sys.stderr)",
                Lines(i, 4), string.Concat(Enumerable.Range(0, 4).Select(k => $"err-{i} {k}\n")), ExecutionStatus.Succeeded, RunTimeout),
            _ => new($"print('run-{i} 0')\nraise SystemExit(3)", $"run-{i} 0\n", string.Empty, ExecutionStatus.RuntimeError, RunTimeout),
        },
    };

    private static LoadProgram Simple(string code, string output) => new(code, output, string.Empty, ExecutionStatus.Succeeded, RunTimeout);

    private static string Lines(int i, int count) => string.Concat(Enumerable.Range(0, count).Select(k => $"run-{i} {k}\n"));

    private static string Big(int i) => string.Concat(Enumerable.Range(0, 3000).Select(k => $"run-{i} {k} {new string('x', 40)}\n"));
}
