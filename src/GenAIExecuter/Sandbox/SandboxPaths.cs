namespace GenAIExecuter.Sandbox;

/// <summary>Which paths SAFE mode hides (secrets) and which it keeps readable inside them.</summary>
internal sealed class SandboxPaths
{
    /// <param name="python">The interpreter, whose folders stay readable.</param>
    /// <param name="runner">The runner script, whose folder stays readable.</param>
    /// <param name="workingDirectory">The working directory, readable unless it holds the home folder.</param>
    /// <param name="home">The home folder, hidden.</param>
    /// <param name="readOnlyPaths">More folders to keep readable.</param>
    /// <param name="executerFolders">The executer's own folders that SAFE code must not read (the staging folder, which
    /// holds the inputs of runs in flight; the artifacts of earlier runs), hidden unless they hold the working directory.</param>
    public SandboxPaths(PythonInterpreter python, string runner, string workingDirectory, string home, IEnumerable<string> readOnlyPaths, IEnumerable<string>? executerFolders = null)
    {
        Home = home;
        var hidden = new List<string>();
        if (IsUsableRoot(home))
        {
            hidden.Add(home);
        }

        var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (!string.IsNullOrEmpty(configHome) && Path.IsPathRooted(configHome) && !IsInside(configHome, home))
        {
            hidden.Add(configHome);
        }

        hidden.AddRange((executerFolders ?? []).Select(Path.GetFullPath)
            .Where(folder => IsUsableRoot(folder) && !IsInside(workingDirectory, folder) && !hidden.Any(h => IsInside(folder, h))));
        Hidden = hidden;
        var exposed = new List<string>();
        exposed.AddRange(python.Prefixes);
        exposed.AddRange(python.SysPath);
        exposed.Add(Path.GetDirectoryName(runner)!);
        exposed.Add(Path.GetDirectoryName(python.Executable)!);
        // The working directory is exposed unless it holds the whole home directory (that would expose ~/.ssh and the like).
        if (!Hidden.Any(h => IsInside(h, workingDirectory)))
        {
            exposed.Add(workingDirectory);
        }

        exposed.AddRange(readOnlyPaths.Select(Path.GetFullPath));
        Exposed = Minimal(exposed);
        SecretFiles = FindSecretFiles(workingDirectory);
    }

    public string Home { get; }

    public IReadOnlyList<string> Hidden { get; }

    public IReadOnlyList<string> Exposed { get; }

    /// <summary>API key files that would be visible in the working directory; bubblewrap masks them with /dev/null.</summary>
    public IReadOnlyList<string> SecretFiles { get; }

    public static bool IsInside(string path, string root)
    {
        var p = path.TrimEnd('/') + "/";
        var r = root.TrimEnd('/') + "/";
        return p.StartsWith(r, StringComparison.Ordinal);
    }

    private static bool IsUsableRoot(string path) => !string.IsNullOrEmpty(path) && path != "/" && Directory.Exists(path);

    private static List<string> Minimal(List<string> paths)
    {
        var sorted = paths.Where(p => !string.IsNullOrEmpty(p)).Select(p => p.TrimEnd('/')).Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal).OrderBy(p => p.Length).ToList();
        var result = new List<string>();
        foreach (var path in sorted)
        {
            if (!result.Any(r => IsInside(path, r)))
            {
                result.Add(path);
            }
        }

        return result;
    }

    private static List<string> FindSecretFiles(string workingDirectory)
    {
        try
        {
            return [.. Directory.EnumerateFiles(workingDirectory)
                .Where(f => Path.GetFileName(f) is var name && (name == "apikey.txt" || name.EndsWith("_api_key.txt", StringComparison.Ordinal)))];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
