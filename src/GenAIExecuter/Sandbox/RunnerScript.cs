using System.Diagnostics;
using System.Security.Cryptography;

namespace GenAIExecuter.Sandbox;

/// <summary>The trusted Python runner (embedded resources, one file per concern, joined into one module), written once
/// to the user's cache folder and compiled there to bytecode, so that no run pays for compiling it.</summary>
internal static class RunnerScript
{
    /// <summary>The parts, in the order they are joined (later parts use what earlier ones define).</summary>
    private static readonly string[] Parts = ["header", "wire", "processes", "kernel", "memory", "warmup", "runs", "worker", "policy", "guard", "server"];
    private static readonly Lazy<byte[]> Source = new(LoadSource);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Returns the compiled runner for this interpreter, building it on first use.</summary>
    public static async Task<string> PrepareAsync(PythonInterpreter python, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Source.Value))[..16];
        var dir = Path.Combine(CacheFolder.Path, "runner", $"{hash}-py{python.Version}");
        var compiled = Path.Combine(dir, "genai_runner.pyc");
        if (File.Exists(compiled))
        {
            return compiled;
        }

        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(compiled))
            {
                await BuildAsync(python, dir, compiled, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Gate.Release();
        }

        return compiled;
    }

    private static async Task BuildAsync(PythonInterpreter python, string dir, string compiled, CancellationToken cancellationToken)
    {
        CacheFolder.CreatePrivate(dir);
        var unique = $".{Environment.ProcessId}.{Guid.NewGuid():N}";
        var source = Path.Combine(dir, "genai_runner.py");
        var tempSource = source + unique;
        var tempCompiled = compiled + unique;
        await File.WriteAllBytesAsync(tempSource, Source.Value, cancellationToken).ConfigureAwait(false);
        File.Move(tempSource, source, overwrite: true);

        var start = new ProcessStartInfo(python.Executable) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-I", "-S", "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)", source, tempCompiled })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new SandboxException("Could not start Python to compile the runner.");
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0 || !File.Exists(tempCompiled))
        {
            throw new SandboxException($"Python ({python.Executable}) could not compile the sandbox runner: {errors.Trim()}");
        }

        File.Move(tempCompiled, compiled, overwrite: true);
    }

    private static byte[] LoadSource()
    {
        using var joined = new MemoryStream();
        foreach (var part in Parts)
        {
            var name = $"GenAIExecuter.runner.{part}.py";
            using var stream = typeof(RunnerScript).Assembly.GetManifestResourceStream(name)
                ?? throw new SandboxException($"The embedded resource '{name}' is missing from the GenAIExecuter assembly.");
            stream.CopyTo(joined);
            joined.WriteByte((byte)'\n');
        }

        return joined.ToArray();
    }
}
