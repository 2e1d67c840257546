using System.Diagnostics;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Data;

/// <summary>A test world with data files in its working directory (sales.csv, people.json, and budget.xlsx written by
/// openpyxl), and executers over it that run Debian's /usr/bin/python3 with its data stack.</summary>
public sealed class DataWorld : IAsyncLifetime
{
    private readonly Dictionary<(SecurityMode, ExecutionMode, bool, bool), CodeExecuter> _executers = [];
    private readonly Lock _gate = new();

    public TestWorld Test { get; } = new();

    /// <summary>The executer for a configuration, shared by the tests of a class (its warm process, too).</summary>
    public CodeExecuter Get(SecurityMode security, ExecutionMode mode, bool isolation, bool inProcessLayers = true)
    {
        lock (_gate)
        {
            var key = (security, mode, isolation, inProcessLayers);
            if (!_executers.TryGetValue(key, out var executer))
            {
                executer = ExecuterConfigurations.Create(Test.Work, security, mode, isolation, o =>
                {
                    o.Python = SystemPython.Path;
                    o.Timeout = TimeSpan.FromSeconds(60);
                }, staticPolicy: inProcessLayers, runtimeGuard: inProcessLayers);
                _executers[key] = executer;
            }

            return executer;
        }
    }

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(Test.Work, "sales.csv"), """
            date,region,product,units,price
            2024-01-03,North,Widget,12,2.50
            2024-01-05,South,Gadget,7,10.00
            2024-01-09,North,Gadget,3,10.00
            2024-01-12,East,Widget,20,2.50
            2024-02-01,South,Widget,15,2.50
            2024-02-07,East,Gizmo,4,25.00
            2024-02-11,North,Widget,9,2.50
            2024-02-20,South,Gizmo,2,25.00
            2024-03-02,East,Gadget,6,10.00
            2024-03-15,North,Gizmo,1,25.00
            2024-03-18,South,Gadget,11,10.00
            2024-03-29,East,Widget,14,2.50

            """);
        await File.WriteAllTextAsync(Path.Combine(Test.Work, "people.json"), """
            [{"name": "Ada", "age": 36, "city": "London", "team": "A"},
             {"name": "Bob", "age": 29, "city": "Paris", "team": "B"},
             {"name": "Cy", "age": 41, "city": "London", "team": "A"},
             {"name": "Di", "age": 24, "city": "Berlin", "team": "B"},
             {"name": "Ed", "age": 33, "city": "Paris", "team": "A"}]

            """);
        if (SystemPython.WhyNoDataStack is null)
        {
            var start = new ProcessStartInfo(SystemPython.Path) { UseShellExecute = false, RedirectStandardError = true, WorkingDirectory = Test.Work };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import openpyxl\nwb = openpyxl.Workbook()\nws = wb.active\nws.title = 'Budget'\nws.append(['item', 'q1', 'q2'])\n" +
                "for row in [['rent', 1200, 1200], ['food', 450, 520], ['travel', 300, 80]]:\n    ws.append(row)\nwb.save('budget.xlsx')");
            using var python = Process.Start(start)!;
            var error = await python.StandardError.ReadToEndAsync();
            await python.WaitForExitAsync();
            Assert.True(python.ExitCode == 0, $"writing budget.xlsx failed: {error}");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var executer in _executers.Values)
        {
            await executer.DisposeAsync();
        }

        Test.Dispose();
    }
}
