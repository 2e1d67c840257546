using System.Diagnostics;

namespace GenAIExecuter.Sandbox;

/// <summary>Whether bubblewrap can isolate code on this machine, probed once per process.</summary>
/// <param name="Executable">The <c>bwrap</c> executable, when usable.</param>
/// <param name="UnavailableReason">Why it is not usable; null when it is.</param>
internal sealed record Bubblewrap(string? Executable, string? UnavailableReason)
{
    private static readonly Lazy<Task<Bubblewrap>> Probe = new(DetectAsync);

    public bool Available => Executable is not null;

    public static Task<Bubblewrap> DetectAsync(CancellationToken cancellationToken) => Probe.Value.WaitAsync(cancellationToken);

    private static async Task<Bubblewrap> DetectAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new Bubblewrap(null, "bubblewrap isolation exists only on Linux");
        }

        var bwrap = ExecutableSearch.Find("bwrap");
        if (bwrap is null)
        {
            return new Bubblewrap(null, "bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)");
        }

        var start = new ProcessStartInfo(bwrap) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--ro-bind", "/", "/", "--unshare-all", "--cap-drop", "ALL", "--proc", "/proc", "--dev", "/dev", "true" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var errors = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
            await process.WaitForExitAsync().ConfigureAwait(false);
            return process.ExitCode == 0
                ? new Bubblewrap(bwrap, null)
                : new Bubblewrap(null, $"bwrap cannot create namespaces here: {errors.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return new Bubblewrap(null, $"bwrap could not be started: {error.Message}");
        }
    }
}
