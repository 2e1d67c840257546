using System.Diagnostics;
using System.Globalization;

namespace GenAIExecuter.Tests.Support;

/// <summary>Starts the history stress helper (a separate process that saves records) for the history tests.</summary>
internal static class StressProcess
{
    public static Process Start(string folder, int count, string id, int outputBytes)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in new[] { BuiltProgram.Path("tests/GenAIExecuter.HistoryStress", "GenAIExecuter.HistoryStress.dll"), folder,
                     count.ToString(CultureInfo.InvariantCulture), id, outputBytes.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
