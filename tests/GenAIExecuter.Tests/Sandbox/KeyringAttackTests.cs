using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>API keys now live in the OS keyring, so SAFE code must not reach it: a real gnome-keyring holds a key, and
/// code that knows the bus address tries to read it through <c>secret-tool</c> and to talk to the bus socket directly.
/// PERMISSIVE mode without isolation must succeed at both, proving the attacks are real.</summary>
public sealed class KeyringAttackTests(SandboxFixture fixture, KeyringAttackTests.StoredKey stored)
    : IClassFixture<SandboxFixture>, IClassFixture<KeyringAttackTests.StoredKey>
{
    private const string BusMarker = "BUS-ANSWERED";

    [KeyringTheory(needsBwrap: true)]
    [InlineData("secret-tool", ExecutionMode.Subprocess)]
    [InlineData("secret-tool", ExecutionMode.Exec)]
    [InlineData("bus-socket", ExecutionMode.Subprocess)]
    [InlineData("bus-socket", ExecutionMode.Exec)]
    public Task SafeCodeWithBubblewrap_CannotReadTheKeyring(string attack, ExecutionMode mode) =>
        AssertStoppedAsync(attack, mode, isolation: true, staticPolicy: true);

    /// <summary>Without bubblewrap, the policy alone and the runtime guard alone (the policy turned off).</summary>
    [KeyringTheory]
    [InlineData("secret-tool", true)]
    [InlineData("secret-tool", false)]
    [InlineData("bus-socket", true)]
    [InlineData("bus-socket", false)]
    public Task SafeCodeWithoutBubblewrap_CannotReadTheKeyring(string attack, bool staticPolicy) =>
        AssertStoppedAsync(attack, ExecutionMode.Subprocess, isolation: false, staticPolicy);

    private async Task AssertStoppedAsync(string attack, ExecutionMode mode, bool isolation, bool staticPolicy)
    {
        var executer = fixture.Get(SecurityMode.Safe, mode, isolation, staticPolicy);

        var result = await executer.ExecuteCodeAsync(Code(attack), TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(stored.Key, result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(BusMarker, result.Output, StringComparison.Ordinal);
        Assert.NotEqual(ExecutionStatus.Succeeded, result.Status);
    }

    [KeyringTheory]
    [InlineData("secret-tool")]
    [InlineData("bus-socket")]
    public async Task PermissiveCode_ReachesTheKeyring_SoTheAttacksAreReal(string attack)
    {
        var executer = fixture.Get(SecurityMode.Permissive, ExecutionMode.Subprocess, isolation: false);

        var result = await executer.ExecuteCodeAsync(Code(attack), TimeSpan.FromSeconds(10));

        Assert.Contains(attack == "secret-tool" ? stored.Key : BusMarker, result.Output, StringComparison.Ordinal);
    }

    private string Code(string attack) => attack switch
    {
        "secret-tool" => $$"""
            import subprocess
            found = subprocess.run(["secret-tool", "lookup", "service", "gemini", "username", "api_key"],
                                   env={"DBUS_SESSION_BUS_ADDRESS": "{{stored.Session.BusAddress}}"}, capture_output=True, text=True)
            print(found.stdout)
            """,
        _ => $$"""
            import os, socket
            bus = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            bus.connect("{{stored.Session.BusSocketPath}}")
            bus.sendall(b"\0AUTH EXTERNAL " + str(os.getuid()).encode().hex().encode() + b"\r\n")
            if bus.recv(256).startswith(b"OK "):
                print("{{BusMarker}}")
            """,
    };

    /// <summary>A keyring session with a gemini key stored in it, shared by the class.</summary>
    public sealed class StoredKey : IAsyncLifetime
    {
        private KeyringSession? _session;

        public string Key { get; } = $"sk-keyring-canary-{Guid.NewGuid():N}";

        public KeyringSession Session => _session ?? throw new InvalidOperationException("not started");

        public async Task InitializeAsync()
        {
            if (KeyringSession.WhyUnavailable is null)
            {
                _session = await KeyringSession.StartAsync();
                await _session.StoreWithSecretToolAsync("gemini", Key);
            }
        }

        public async Task DisposeAsync()
        {
            if (_session is not null)
            {
                await _session.DisposeAsync();
            }
        }
    }
}
