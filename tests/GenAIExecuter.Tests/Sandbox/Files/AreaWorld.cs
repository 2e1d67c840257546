using System.Security.Cryptography;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Files;

/// <summary>A working directory with data files and no key files (so that SAFE runs get their private output area in
/// every configuration), a folder beside it with a canary, and executers over it.</summary>
public sealed class AreaWorld : IAsyncLifetime
{
    private readonly Dictionary<string, CodeExecuter> _executers = [];
    private readonly Lock _gate = new();

    public string Root { get; } = Directory.CreateTempSubdirectory("genai-area-").FullName;

    public string Work => Path.Combine(Root, "work");

    public string Outside => Path.Combine(Root, "outside");

    public string Canary => Path.Combine(Outside, "canary.txt");

    public string CanaryContent { get; } = $"canary-{Guid.NewGuid():N}";

    public string ArtifactsDirectory => Path.Combine(Root, "artifacts");

    /// <summary>An executer for a configuration, shared by a test class; <paramref name="inProcessLayers"/> false
    /// turns the static policy and the guard off, so that only the kernel stands in the way.</summary>
    public CodeExecuter Get(ExecutionMode mode, bool isolation, bool inProcessLayers = true, string? python = null, Action<CodeExecuterOptions>? configure = null, string? key = null)
    {
        lock (_gate)
        {
            var name = $"{mode}/{isolation}/{inProcessLayers}/{python}/{key}";
            if (!_executers.TryGetValue(name, out var executer))
            {
                executer = ExecuterConfigurations.Create(Work, SecurityMode.Safe, mode, isolation && Platform.WhyNoBwrap is null, o =>
                {
                    o.ArtifactsDirectory = ArtifactsDirectory;
                    if (python is not null)
                    {
                        o.Python = python;
                    }

                    configure?.Invoke(o);
                }, staticPolicy: inProcessLayers, runtimeGuard: inProcessLayers);
                _executers[name] = executer;
            }

            return executer;
        }
    }

    /// <summary>Every file under a folder with the SHA-256 of its bytes, to compare a folder before and after a run.</summary>
    public static SortedDictionary<string, string> Snapshot(string folder)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(folder, file)] = File.Exists(file) ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))) : "dir";
        }

        return files;
    }

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Work, "sub"));
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Work, "sales.csv"), "region,units\nNorth,12\nSouth,7\nNorth,3\n");
        File.WriteAllText(Path.Combine(Work, "sub", "inner.txt"), "inner\n");
        File.WriteAllText(Canary, CanaryContent);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var executer in _executers.Values)
        {
            await executer.DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }
}
