using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>The real things one attack could harm, set up fresh for it: a canary file and folder beside the working
/// directory (a SAFE run's writes inside it land in its private output area, which harms nothing), an empty folder outside it, a TCP and a UDP listener on loopback, and (when asked for) a victim process.
/// <see cref="ObserveEffects"/> reports what really happened to them.</summary>
public sealed class AttackScene : IDisposable
{
    private readonly TestWorld _world;
    private readonly TcpListener _tcp = new(IPAddress.Loopback, 0);
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly string _canaryContent = $"canary-{Guid.NewGuid():N}";
    private readonly UnixFileMode _canaryMode;
    private Process? _victim;

    public AttackScene(TestWorld world, string name)
    {
        _world = world;
        var id = $"{name}-{Guid.NewGuid():N}"[..Math.Min(name.Length + 9, 60)];
        Canary = Path.Combine(world.Canaries, $"canary-{id}.txt");
        File.WriteAllText(Canary, _canaryContent);
        _canaryMode = File.GetUnixFileMode(Canary);
        CanaryDir = Directory.CreateDirectory(Path.Combine(world.Canaries, $"canarydir-{id}")).FullName;
        File.WriteAllText(Path.Combine(CanaryDir, "keep.txt"), _canaryContent);
        OutsideDir = Directory.CreateDirectory(Path.Combine(world.Outside, id)).FullName;
        Outside = Path.Combine(OutsideDir, "target");
        _tcp.Start();
    }

    public string Canary { get; }

    public string CanaryDir { get; }

    public string OutsideDir { get; }

    public string Outside { get; }

    public string Render(string code)
    {
        if (code.Contains("{VICTIM_PID}", StringComparison.Ordinal))
        {
            // The victim holds this world's secret in its environment, whatever other test classes set meanwhile.
            var start = new ProcessStartInfo("sleep", "600") { UseShellExecute = false };
            start.Environment["GENAI_TEST_CANARY_API_KEY"] = _world.EnvironmentSecret;
            _victim = Process.Start(start)!;
        }

        return code
            .Replace("{CANARY_DIR}", CanaryDir, StringComparison.Ordinal)
            .Replace("{CANARY}", Canary, StringComparison.Ordinal)
            .Replace("{OUTSIDE_DIR}", OutsideDir, StringComparison.Ordinal)
            .Replace("{OUTSIDE}", Outside, StringComparison.Ordinal)
            .Replace("{PORT}", ((IPEndPoint)_tcp.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{UDP_PORT}", ((IPEndPoint)_udp.Client.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{VICTIM_PID}", _victim?.Id.ToString(CultureInfo.InvariantCulture) ?? "0", StringComparison.Ordinal)
            .Replace("{HOME_SECRET_DIR}", _world.HomeSecretDir, StringComparison.Ordinal)
            .Replace("{HOME_SECRET}", _world.HomeSecret, StringComparison.Ordinal);
    }

    /// <summary>Every real effect the attack had, harm or the mere sign that the forbidden code ran; empty when it had none.</summary>
    public List<string> ObserveEffects(ExecutionResult result)
    {
        var effects = ObserveHarm(result);
        foreach (var marker in new[] { "RESOLVED", "WALKED" })
        {
            if (result.Output.Contains(marker, StringComparison.Ordinal))
            {
                effects.Add($"the output shows the attack worked ({marker})");
            }
        }

        return effects;
    }

    /// <summary>The harm the attack did: files changed, connections made, processes killed, secrets shown. Not the
    /// sign that forbidden code ran (a name resolved from /etc/hosts, an introspection printed).</summary>
    public List<string> ObserveHarm(ExecutionResult result)
    {
        var effects = new List<string>();
        if (!File.Exists(Canary))
        {
            effects.Add("the canary file was deleted or moved");
        }
        else
        {
            if (File.ReadAllText(Canary) != _canaryContent)
            {
                effects.Add("the canary file was modified");
            }

            if (File.GetUnixFileMode(Canary) != _canaryMode)
            {
                effects.Add("the canary file's permissions changed");
            }
        }

        if (!File.Exists(Path.Combine(CanaryDir, "keep.txt")))
        {
            effects.Add("the canary folder was deleted");
        }

        if (Directory.EnumerateFileSystemEntries(OutsideDir).Any())
        {
            effects.Add("something was created outside the working directory");
        }

        if (_tcp.Pending())
        {
            effects.Add("the TCP listener received a connection");
        }

        if (_udp.Available > 0)
        {
            effects.Add("the UDP listener received a datagram");
        }

        if (_victim is not null && _victim.WaitForExit(100))
        {
            effects.Add("the victim process was killed");
        }

        foreach (var secret in _world.Secrets)
        {
            if (result.Output.Contains(secret, StringComparison.Ordinal))
            {
                effects.Add($"a secret ({secret[..12]}…) appeared in the output");
            }
        }

        if (result.Output.Contains("SPAWNED", StringComparison.Ordinal))
        {
            effects.Add("a process was started (a shell ran)");
        }

        if (result.Output.Contains("SYSCTL-WRITTEN", StringComparison.Ordinal))
        {
            effects.Add("a kernel setting of the host was written");
        }

        if (result.Output.Contains(Path.GetFileName(_world.HomeSecret), StringComparison.Ordinal))
        {
            effects.Add("the home directory's contents were listed");
        }

        return effects;
    }

    public void Dispose()
    {
        _tcp.Stop();
        _tcp.Dispose();
        _udp.Dispose();
        if (_victim is { HasExited: false })
        {
            _victim.Kill();
        }

        _victim?.Dispose();
    }
}
