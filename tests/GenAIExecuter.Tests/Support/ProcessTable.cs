namespace GenAIExecuter.Tests.Support;

/// <summary>Looks at the machine's real process table (/proc), to prove that no process of a run survived it.</summary>
internal static class ProcessTable
{
    /// <summary>The pids of live processes whose command line contains the marker.</summary>
    public static List<int> WithCommandLineContaining(string marker) =>
        Where(dir => File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(marker, StringComparison.Ordinal));

    /// <summary>The pids of live processes whose current directory is the folder.</summary>
    public static List<int> WithWorkingDirectory(string folder) =>
        Where(dir => new FileInfo(Path.Combine(dir, "cwd")).LinkTarget == folder);

    /// <summary>The parent of a live process; null when it is gone.</summary>
    public static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The live children of a process.</summary>
    public static List<int> ChildrenOf(int pid) => Where(dir => ParentOf(int.Parse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture)) == pid);

    /// <summary>The ancestors of a process, nearest first, up to (not including) the given one.</summary>
    public static List<int> AncestorsOf(int pid, int upTo)
    {
        var found = new List<int>();
        for (var parent = ParentOf(pid); parent is { } p && p != upTo && p > 1; parent = ParentOf(p))
        {
            found.Add(p);
        }

        return found;
    }

    private static List<int> Where(Func<string, bool> matches)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var state = File.ReadAllText(Path.Combine(dir, "stat"));
                var zombie = state[(state.LastIndexOf(')') + 2)..].StartsWith('Z');
                if (!zombie && matches(dir))
                {
                    found.Add(pid);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>Waits (briefly) for processes with the marker to disappear; returns those still alive.</summary>
    public static Task<List<int>> SurvivorsAsync(string marker, TimeSpan grace) => SurvivorsAsync(() => WithCommandLineContaining(marker), grace);

    /// <summary>Waits (briefly) for processes working in the folder to disappear; returns those still alive.</summary>
    public static Task<List<int>> SurvivorsInAsync(string folder, TimeSpan grace) => SurvivorsAsync(() => WithWorkingDirectory(folder), grace);

    /// <summary>Waits (briefly) for the given processes to disappear; returns those still alive.</summary>
    public static Task<List<int>> SurvivorsAmongAsync(IReadOnlyCollection<int> pids, TimeSpan grace) =>
        SurvivorsAsync(() => Where(dir => pids.Contains(int.Parse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture))), grace);

    private static async Task<List<int>> SurvivorsAsync(Func<List<int>> find, TimeSpan grace)
    {
        var deadline = DateTime.UtcNow + grace;
        while (true)
        {
            var alive = find();
            if (alive.Count == 0 || DateTime.UtcNow >= deadline)
            {
                return alive;
            }

            await Task.Delay(50);
        }
    }
}
