using System.Text;

namespace GenAIExecuter.Generation;

/// <summary>The conversation's opening: a system prompt that states the interpreter, the packages, the security mode
/// and what it forbids, and the output convention; and the user's instruction with its optional context.</summary>
internal static class PromptBuilder
{
    /// <summary>Packages named in the prompt at most (environments with hundreds would drown the instruction).</summary>
    private const int MaxPackagesListed = 150;

    /// <summary>The data stack SAFE mode runs unchanged, named in the prompt where installed.</summary>
    private static readonly string[] DataLibraries = ["numpy", "pandas", "matplotlib", "scipy", "scikit-learn", "sympy", "openpyxl", "seaborn", "statsmodels"];

    /// <summary>The system prompt.</summary>
    /// <param name="pythonVersion">The interpreter's version.</param>
    /// <param name="packages">The importable packages.</param>
    /// <param name="mode">The security mode, whose rules the prompt states.</param>
    /// <param name="workingDirectory">The working directory.</param>
    /// <param name="inputs">The run's input files, each described (see <see cref="InputDescriber"/>).</param>
    /// <param name="inputsInWorkingDirectory">Whether the code opens them by name in the working directory (a SAFE run
    /// with its output area) or through GENAI_INPUTS.</param>
    public static string System(string pythonVersion, IReadOnlyList<string> packages, SecurityMode mode, string workingDirectory,
        IReadOnlyList<InputFile>? inputs = null, bool inputsInWorkingDirectory = false)
    {
        inputs ??= [];
        var text = new StringBuilder();
        text.AppendLine("You write Python programs that carry out the user's instruction. Your program is run as it is, and what it prints is the answer.");
        text.AppendLine();
        text.Append("Environment: Python ").Append(pythonVersion).AppendLine(", run as a script in a fresh process (no notebook, no input from the user).");
        text.Append("Packages you may import besides the standard library: ")
            .AppendLine(packages.Count == 0 ? "none (use the standard library only)." : string.Join(", ", packages.Take(MaxPackagesListed)) + (packages.Count > MaxPackagesListed ? ", …" : "."));
        var data = DataLibraries.Where(name => packages.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (data.Count > 0)
        {
            text.Append("Data libraries installed and usable (in SAFE mode too): ").Append(string.Join(", ", data))
                .Append(". Charts render without a display (matplotlib's Agg backend): plt.show() returns at once")
                .AppendLine(mode == SecurityMode.Safe ? ", and every figure shown or left open is returned to the user as a PNG image." : ".");
        }

        text.Append("Working directory (data files may be read from it): ").AppendLine(workingDirectory);
        text.AppendLine(mode == SecurityMode.Safe
            ? "Files the program writes by relative path (result.csv, outputs/report.md, chart.png) are returned to the user as files; they go to a private copy of the working directory, so the user's own files never change."
            : "Files the program writes by relative path are saved in the working directory.");
        if (inputs.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(inputsInWorkingDirectory
                ? "Input files the user gave (read-only; open each by its name in the working directory, for example pd.read_csv(\"" + inputs[0].Name + "\")):"
                : "Input files the user gave (read-only; they are in the folder named by the GENAI_INPUTS environment variable: open each as os.path.join(os.environ[\"GENAI_INPUTS\"], \"" + inputs[0].Name + "\")):");
            foreach (var input in inputs)
            {
                text.Append(InputDescriber.Describe(input));
            }
        }

        text.AppendLine();
        if (mode == SecurityMode.Safe)
        {
            text.AppendLine("Security mode: SAFE. The sandbox stops the program, and reports a policy violation, if it:");
            text.AppendLine("- writes, deletes or renames files outside the working directory and the tempfile module's folder, or changes file permissions;");
            text.AppendLine("- uses the network (socket, urllib, http.client, requests, asyncio connections, DNS);");
            text.AppendLine("- starts processes or a shell (subprocess, os.system, os.popen, os.fork, multiprocessing, pty);");
            text.AppendLine("- builds or loads code at run time (eval, exec, compile, __import__, importlib, pickle, marshal);");
            text.AppendLine("- reaches into interpreter internals (frames, __globals__, __subclasses__, __builtins__, sys.modules, gc, inspect, ctypes);");
            text.AppendLine("- reads the user's home directory or API key files, or sends signals to processes.");
            text.AppendLine("Reading data files, computing and printing are allowed. Do not try to work around these rules.");
        }
        else
        {
            text.AppendLine("Security mode: PERMISSIVE. The program may read and write files, use the network and start processes. Still print the results.");
        }

        text.AppendLine();
        text.AppendLine("Reply with exactly one fenced code block: ```python, then the complete program, then ```. Print every result the user asked for to standard output.");
        return text.ToString();
    }

    public static string User(string instruction, string? context) =>
        string.IsNullOrWhiteSpace(context) ? instruction : $"{instruction}\n\nContext:\n{context}";
}
