using System.CommandLine;
using System.Globalization;

namespace GenAIExecuter.Cli.Commands;

/// <summary>The options every command that runs code shares: security, mode, timeout, interpreter, JSON output.</summary>
internal sealed class SandboxOptions
{
    public Option<string?> Security { get; } = new("--security")
    {
        Description = "safe (the default: no writes, network, processes or secrets) or permissive (no restrictions).",
        HelpName = "safe|permissive",
    };

    public Option<string?> Mode { get; } = new("--mode")
    {
        Description = "subprocess (the default: a fresh process per run) or exec (a warm fork server).",
        HelpName = "subprocess|exec",
    };

    public Option<double?> Timeout { get; } = NumberOptions.Optional(
        "--timeout", "Seconds the code may run before its whole process tree is killed (default 30).", "SECONDS", "a number of seconds", 0.001, 86400.0);

    public Option<string?> Python { get; } = new("--python")
    {
        Description = "The Python interpreter to use (default: python3 on PATH).",
        HelpName = "PATH",
    };

    public Option<bool> AllowWeakIsolation { get; } = new("--allow-weak-isolation")
    {
        Description = "Run SAFE mode even where the kernel enforces nothing of it (no bubblewrap, Landlock or seccomp), on the in-process guard alone.",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print exactly one JSON object, the result, with snake_case keys.",
    };

    public Option<string?> OutputDirectory { get; } = new("--output-dir")
    {
        Description = "Copy the files the code writes and the charts it draws into DIR (by default they are kept in " +
                      "genai-executer/artifacts/<execution id> in the temporary folder, or beside the record when saved).",
        HelpName = "DIR",
    };

    public Option<string[]> Files { get; } = new("--file")
    {
        Description = "A file the code reads, read-only, under its name (repeatable; - for standard input). " +
                      "The model is told what it holds (columns, first lines).",
        HelpName = "PATH",
    };

    public Option<string?> Config { get; } = ConfigOption.Create();

    public SandboxOptions()
    {
        Security.AcceptOnlyFromAmong("safe", "permissive");
        Mode.AcceptOnlyFromAmong("subprocess", "exec");
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Files, Security, Mode, Timeout, Python, AllowWeakIsolation, OutputDirectory, Json, Config })
        {
            command.Options.Add(option);
        }
    }

    public CodeExecuterOptions ToExecuterOptions(ParseResult parse)
    {
        var options = ConfigOption.Load(parse, Config).Options;
        options.Python = parse.GetValue(Python) ?? options.Python;
        if (parse.GetValue(Security) is { } security)
        {
            options.SecurityMode = security == "permissive" ? SecurityMode.Permissive : SecurityMode.Safe;
        }

        if (parse.GetValue(Mode) is { } mode)
        {
            options.ExecutionMode = mode == "exec" ? ExecutionMode.Exec : ExecutionMode.Subprocess;
        }

        if (parse.GetValue(Timeout) is { } seconds)
        {
            options.Timeout = TimeSpan.FromSeconds(seconds);
        }

        if (parse.GetValue(AllowWeakIsolation))
        {
            options.AllowWeakIsolation = true;
        }

        // One run per CLI call: a prestarted spare process would only be started to be killed.
        options.PrestartedProcesses = 0;
        return options;
    }
}
