using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GenAIExecuter.Benchmarks.Ds1000;

/// <summary>One DS-1000 problem: its reference solution written into its test program as plain code (not through
/// exec), so that the program passes exactly when the solution does.</summary>
internal sealed partial record Ds1000Problem(int Id, string Library, string Program)
{
    /// <summary>What a passing program prints last.</summary>
    public const string PassMarker = "DS1000-PASS";

    private const string SingleTriple = "\u0027\u0027\u0027";
    private const string DoubleTriple = "\u0022\u0022\u0022";

    private static readonly string[] PlotCommands = ["plt.show()", "plt.clf()", "plt.close()", "savefig"];

    /// <summary>Reads the problems from the benchmark's gzipped JSON lines (../shared/ds1000/ds1000-5lib.jsonl.gz).</summary>
    public static IReadOnlyList<Ds1000Problem> Load(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var problems = new List<Ds1000Problem>();
        while (reader.ReadLine() is { } line)
        {
            using var row = JsonDocument.Parse(line);
            var metadata = row.RootElement.GetProperty("metadata");
            problems.Add(Build(
                metadata.GetProperty("problem_id").GetInt32(),
                metadata.GetProperty("library").GetString()!,
                metadata.GetProperty("test_case_cnt").GetInt32(),
                row.RootElement.GetProperty("code_context").GetString()!,
                row.RootElement.GetProperty("reference_code").GetString()!));
        }

        return problems;
    }

    private static Ds1000Problem Build(int id, string library, int cases, string context, string solution)
    {
        var execContext = ExecContext().Match(context);
        if (!execContext.Success)
        {
            throw new InvalidDataException($"DS-1000 problem {id} has no exec_context.");
        }

        if (context.Contains("def skip_plt_cmds", StringComparison.Ordinal))
        {
            solution = string.Join('\n', solution.Split('\n').Where(l => !PlotCommands.Any(c => l.Contains(c, StringComparison.Ordinal))));
        }

        var program = new StringBuilder();
        // What the program writes (the plots it compares, the CSV files some problems read) goes to its own writable
        // folder: the run's scratch in SAFE mode, a fresh temporary folder elsewhere.
        program.Append("import os as _os, tempfile as _tempfile\n_os.chdir(_tempfile.mkdtemp())\n");
        program.Append(WithoutTestExecution(context)).Append('\n');
        program.Append("solution = ").Append(JsonSerializer.Serialize(solution)).Append('\n');
        program.Append(SetupLines(context));
        for (var i = 1; i <= Math.Max(1, cases); i++)
        {
            program.Append("test_input, expected_result = generate_test_case(").Append(i).Append(")\n");
            program.Append(execContext.Groups["body"].Value.Replace("[insert]", solution, StringComparison.Ordinal)).Append('\n');
            program.Append("assert exec_test(result, expected_result)\n");
        }

        if (context.Contains("def test_string", StringComparison.Ordinal))
        {
            program.Append("test_string(solution)\n");
        }

        program.Append("print(\"").Append(PassMarker).Append("\")\n");
        return new Ds1000Problem(id, library, program.ToString());
    }

    /// <summary>The lines test_execution runs before its exec (files some problems read), at the top level.</summary>
    private static string SetupLines(string context)
    {
        var start = context.IndexOf("def test_execution(", StringComparison.Ordinal);
        var body = context[start..].Split('\n').Skip(1).TakeWhile(l => !l.Contains("exec_context.replace", StringComparison.Ordinal)).ToList();
        var setup = body.Where(l => !l.TrimStart().StartsWith("solution = ", StringComparison.Ordinal));
        var text = new StringBuilder();
        string? open = null;
        foreach (var line in setup)
        {
            // Dedent by the function's four spaces, but never inside a triple-quoted string.
            text.Append(open is null && line.StartsWith("    ", StringComparison.Ordinal) ? line[4..] : line).Append('\n');
            open = AfterLine(open, line);
        }

        return text.ToString();
    }

    /// <summary>The context without its test_execution function, which runs the solution through exec: the program
    /// runs it inline instead.</summary>
    private static string WithoutTestExecution(string context)
    {
        var start = context.IndexOf("def test_execution(", StringComparison.Ordinal);
        var lines = context[start..].Split('\n');
        var end = 1;
        while (end < lines.Length && (lines[end].Length == 0 || lines[end].StartsWith(' ') || lines[end].StartsWith('\t') || InsideString(lines, end)))
        {
            end++;
        }

        return context[..start] + string.Join('\n', lines[end..]);
    }

    private static bool InsideString(string[] lines, int index)
    {
        string? open = null;
        for (var i = 0; i < index; i++)
        {
            open = AfterLine(open, lines[i]);
        }

        return open is not null;
    }

    /// <summary>Which triple quote is open after a line (null: none), given the one open before it. Only the quote
    /// that opened a string closes it (a CSV line inside single triple quotes may hold double ones).</summary>
    private static string? AfterLine(string? open, string line)
    {
        var at = 0;
        while (true)
        {
            if (open is null)
            {
                var single = line.IndexOf(SingleTriple, at, StringComparison.Ordinal);
                var dbl = line.IndexOf(DoubleTriple, at, StringComparison.Ordinal);
                if (single < 0 && dbl < 0)
                {
                    return null;
                }

                var first = single < 0 ? dbl : dbl < 0 ? single : Math.Min(single, dbl);
                open = first == single ? SingleTriple : DoubleTriple;
                at = first + 3;
            }
            else
            {
                var close = line.IndexOf(open, at, StringComparison.Ordinal);
                if (close < 0)
                {
                    return open;
                }

                open = null;
                at = close + 3;
            }
        }
    }

    [GeneratedRegex("exec_context = r\"\"\"\n?(?<body>.*?)\"\"\"", RegexOptions.Singleline)]
    private static partial Regex ExecContext();
}
