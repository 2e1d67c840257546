using GenAIExecuter.Sandbox;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>What a process learns by probing the interpreter and bubblewrap is kept on disk for the next processes,
/// and never used once what it depends on has changed. A shim that logs each start shows when a probe really ran.</summary>
public sealed class ProbeCacheTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("genai-probe-").FullName;

    public ProbeCacheTests()
    {
        Directory.CreateDirectory(Work);
        File.WriteAllText(Shim, $"#!/bin/sh\necho started >> {Log}\nexec {SystemPython.Path} \"$@\"\n");
        File.SetUnixFileMode(Shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string Work => Path.Combine(_root, "work");

    private string Shim => Path.Combine(_root, "python3-shim");

    private string Log => Path.Combine(_root, "log");

    private int Starts => File.Exists(Log) ? File.ReadAllLines(Log).Length : 0;

    public void Dispose()
    {
        File.Delete(ProbeCache.FileFor("python", PythonLocator.CacheKey(Shim, Work)));
        Directory.Delete(_root, recursive: true);
    }

    [LinuxFact]
    public async Task AShim_IsProbedOnce_ThenReadFromDisk_UntilWhatDecidesItsVersionChanges()
    {
        var first = await PythonLocator.ProbeAsync(Shim, Work);
        Assert.Equal(1, Starts);
        Assert.Equal(new FileInfo(SystemPython.Path).ResolveLinkTarget(true)?.FullName ?? SystemPython.Path, new FileInfo(first.Executable).ResolveLinkTarget(true)?.FullName ?? first.Executable);

        var again = await PythonLocator.ProbeAsync(Shim, Work);
        Assert.Equal(1, Starts); // from disk: the shim did not start
        Assert.Equal(first.Version, again.Version);
        Assert.Equal(first.SysPath, again.SysPath);

        File.WriteAllText(Path.Combine(Work, ".python-version"), "3.11\n");
        await PythonLocator.ProbeAsync(Shim, Work);
        Assert.Equal(2, Starts); // a .python-version now applies: probed again
        await PythonLocator.ProbeAsync(Shim, Work);
        Assert.Equal(2, Starts);

        File.AppendAllText(Shim, "# changed\n");
        await PythonLocator.ProbeAsync(Shim, Work);
        Assert.Equal(3, Starts); // the shim itself changed
    }

    [LinuxFact]
    public async Task ACorruptOrForeignEntry_IsIgnored_AndRewritten()
    {
        await PythonLocator.ProbeAsync(Shim, Work);
        var entry = ProbeCache.FileFor("python", PythonLocator.CacheKey(Shim, Work));
        File.WriteAllText(entry, "genai-executer probe v1\nsome other key\n\n{\"executable\": \"/bin/sh\"}");

        var interpreter = await PythonLocator.ProbeAsync(Shim, Work);

        Assert.Equal(2, Starts);
        Assert.NotEqual("/bin/sh", interpreter.Executable);
        Assert.Contains(PythonLocator.CacheKey(Shim, Work), File.ReadAllText(entry), StringComparison.Ordinal);
        File.WriteAllText(entry, "\0\0garbage");
        await PythonLocator.ProbeAsync(Shim, Work);
        Assert.Equal(3, Starts);
    }

    [LinuxFact]
    public async Task ManyProcessesProbingAtOnce_LeaveOneWholeEntry()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PythonLocator.ProbeAsync(Shim, Work))));

        Assert.Single(results.Select(r => r.Executable).Distinct());
        var entry = ProbeCache.FileFor("python", PythonLocator.CacheKey(Shim, Work));
        Assert.StartsWith("genai-executer probe v1\n", File.ReadAllText(entry), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(ProbeCache.Folder, "*.tmp"));
        var starts = Starts;
        await PythonLocator.ProbeAsync(Shim, Work);
        Assert.Equal(starts, Starts);
    }

    [BwrapFact]
    public async Task AWorkingBubblewrap_IsRemembered_ForItsBinaryAndKernelSettings()
    {
        var bubblewrap = await Bubblewrap.DetectAsync(CancellationToken.None);

        Assert.True(bubblewrap.Available, bubblewrap.UnavailableReason);
        var key = Bubblewrap.CacheKey(bubblewrap.Executable!);
        Assert.Equal("works", ProbeCache.TryRead("bwrap", key));
        Assert.Contains("/proc/sys/kernel/osrelease " + File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), key, StringComparison.Ordinal);
    }
}
