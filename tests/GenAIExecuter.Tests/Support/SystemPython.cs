using System.Diagnostics;

namespace GenAIExecuter.Tests.Support;

/// <summary>Debian's own interpreter, /usr/bin/python3, named explicitly by the tests that need what only it has:
/// the data stack from Debian's python3-* packages, and SQLite with loadable extensions.</summary>
internal static class SystemPython
{
    public const string Path = "/usr/bin/python3";

    /// <summary>The packages the data suites use, as Debian names them.</summary>
    public const string DataPackages = "python3-numpy python3-pandas python3-matplotlib python3-scipy python3-sklearn python3-sympy python3-openpyxl python3-seaborn";

    private static readonly Lazy<string?> DataStackProblem = new(() => Probe(
        "import numpy, pandas, matplotlib, scipy, sklearn, sympy, openpyxl, seaborn",
        $"Needs the data stack for {Path} (apt-get install {DataPackages})"));

    private static readonly Lazy<string?> NativeExtensionProblem = new(() =>
        ExecutableSearch("gcc") is null
            ? "Needs gcc, to compile the native extension the attack loads"
            : Probe("import sqlite3\nsqlite3.connect(':memory:').enable_load_extension", $"Needs {Path} with SQLite's loadable extensions (Debian's python3)"));

    /// <summary>Null when /usr/bin/python3 imports every library of the data stack; otherwise what to install.</summary>
    public static string? WhyNoDataStack => DataStackProblem.Value;

    /// <summary>Null when a native SQLite extension can be compiled here and loaded by /usr/bin/python3.</summary>
    public static string? WhyNoNativeExtensions => Platform.WhyNoKernelLayers ?? NativeExtensionProblem.Value;

    private static string? Probe(string code, string problem)
    {
        try
        {
            var start = new ProcessStartInfo(Path) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(code);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{problem}: {error.Trim().Split('\n')[^1]}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"{problem}: {Path} is missing";
        }
    }

    private static string? ExecutableSearch(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A theory that needs the data stack for /usr/bin/python3; skipped, with what to install, where it is missing.</summary>
public sealed class DataStackTheoryAttribute : TheoryAttribute
{
    public DataStackTheoryAttribute()
    {
        Timeout = TestTimeouts.Default;
        Skip = SystemPython.WhyNoDataStack;
    }

    /// <summary>Set when the theory also needs SAFE mode's kernel layers (Landlock and seccomp).</summary>
    public bool NeedsKernelLayers
    {
        get => false;
        init => Skip = value ? SystemPython.WhyNoDataStack ?? Platform.WhyNoKernelLayers : Skip;
    }
}

/// <summary>A fact that needs the data stack for /usr/bin/python3; skipped, with what to install, where it is missing.</summary>
public sealed class DataStackFactAttribute : FactAttribute
{
    public DataStackFactAttribute()
    {
        Skip = SystemPython.WhyNoDataStack;
    }
}

/// <summary>A theory that loads a native SQLite extension compiled here, under SAFE mode's kernel layers.</summary>
public sealed class NativeExtensionTheoryAttribute : TheoryAttribute
{
    public NativeExtensionTheoryAttribute()
    {
        Timeout = TestTimeouts.Default;
        Skip = SystemPython.WhyNoNativeExtensions;
    }
}
