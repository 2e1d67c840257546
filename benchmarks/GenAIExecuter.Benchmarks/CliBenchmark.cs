using System.Diagnostics;
using System.Globalization;

namespace GenAIExecuter.Benchmarks;

/// <summary>Whole processes, as a person or an agent runs them: <c>genai-exec exec</c> of print(1) in SAFE mode and
/// <c>genai-exec --help</c>, against the floor of a bare <c>python3 -I -S -c 'print(1)'</c> of the real interpreter,
/// medians of N runs in one run. The CLI is the built genai-exec.dll started with <c>dotnet</c> (as
/// <c>dotnet run</c> and the tool shim do); its probe cache is warm after the warm-up runs. A second argument names
/// another genai-exec.dll (an older build, to compare).</summary>
internal static class CliBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var cli = args.Length > 1 ? Path.GetFullPath(args[1]) : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/GenAIExecuter.Cli/bin/Release/net10.0/genai-exec.dll"));
        if (!File.Exists(cli))
        {
            cli = cli.Replace("/Release/", "/Debug/", StringComparison.Ordinal);
        }

        var python = (await Machine.DescribeAsync()).PythonExecutable;
        var work = Directory.CreateTempSubdirectory("genai-cli-bench-").FullName;
        Console.WriteLine($"CLI {cli}; floor {python} -I -S -c 'print(1)'; {runs} timed runs each after 10 warm-ups");
        var floor = await Measure.MedianAsync(runs, () => RunAsync(python, work, "-I", "-S", "-c", "print(1)"));
        var help = await Measure.MedianAsync(runs, () => RunAsync("dotnet", work, cli, "--help"));
        var exec = await Measure.MedianAsync(runs, () => RunAsync("dotnet", work, cli, "exec", "--code", "print(1)", "--json"));
        Console.WriteLine($"{"bare python3 print(1)",-40} {floor,8:0.0} ms   1.00x");
        Console.WriteLine($"{"genai-exec --help",-40} {help,8:0.0} ms  {help / floor,5:0.00}x");
        Console.WriteLine($"{"genai-exec exec print(1) (SAFE)",-40} {exec,8:0.0} ms  {exec / floor,5:0.00}x");
        Directory.Delete(work, recursive: true);
    }

    private static async Task RunAsync(string program, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
        }
    }
}
