using System.Diagnostics;

namespace GenAIExecuter.Tests.Support;

/// <summary>Keeps one core busy with a real spinning process for as long as it lives, so that load tests run on a
/// machine as busy as a shared CI runner. Disposing it kills the process.</summary>
internal sealed class CpuBurner : IDisposable
{
    private readonly Process _process;

    public CpuBurner()
    {
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("while :; do :; done");
        _process = Process.Start(start)!;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
