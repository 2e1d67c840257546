namespace GenAIExecuter.Keyring;

/// <summary>The freedesktop Secret Service (gnome-keyring, KWallet, KeePassXC) through libsecret, with the entry layout
/// Python's <c>keyring</c> uses: attributes <c>service</c> and <c>username</c> in the default collection.</summary>
internal sealed class SecretServiceKeyring : IKeyring
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The <c>application</c> attribute Python's keyring writes. Entries carry it too, so that Python's
    /// <c>set_password</c> (which replaces an entry only when every attribute matches) updates ours in place.</summary>
    private const string PythonKeyringApplication = "Python keyring library";

    private readonly string? _setupProblem = FindUnavailableReason();
    private volatile string? _unresponsive;

    public string Name => "the Secret Service keyring";

    /// <summary>Why the keyring cannot be used: nothing to talk to, or a Secret Service that stopped answering (after one
    /// timeout, later calls fail at once rather than wait again).</summary>
    public string? UnavailableReason => _setupProblem ?? _unresponsive;

    public KeyringResult Read(string service, string user) =>
        Guarded(() => LibSecret.Lookup(Attributes(service, user), CallTimeout) is { } secret
            ? new KeyringResult(KeyringStatus.Ok, secret)
            : KeyringResult.Missing);

    public KeyringResult Write(string service, string user, string secret) =>
        Guarded(() =>
        {
            // One entry per service and user: drop any other first (an entry stored by another tool may carry other
            // attributes, and storing alone would then leave two entries for lookups to pick from).
            var attributes = Attributes(service, user);
            LibSecret.Clear(attributes, CallTimeout);
            attributes["application"] = PythonKeyringApplication;
            LibSecret.Store(attributes, $"Password for '{user}' on '{service}'", secret, CallTimeout);
            return KeyringResult.Done;
        });

    public KeyringResult Delete(string service, string user) =>
        Guarded(() => LibSecret.Clear(Attributes(service, user), CallTimeout) ? KeyringResult.Done : KeyringResult.Missing);

    private KeyringResult Guarded(Func<KeyringResult> operation)
    {
        if (UnavailableReason is { } reason)
        {
            return KeyringResult.Failure(reason);
        }

        try
        {
            return operation();
        }
        catch (KeyringCallException problem) when (problem.TimedOut)
        {
            _unresponsive = $"{Name} did not answer: {problem.Message}";
            return KeyringResult.Failure(_unresponsive);
        }
        catch (KeyringCallException problem)
        {
            return KeyringResult.Failure($"{Name} refused: {problem.Message}");
        }
    }

    private static Dictionary<string, string> Attributes(string service, string user) => new()
    {
        ["service"] = service,
        ["username"] = user,
    };

    /// <summary>Without a session bus there is no Secret Service; checking first also keeps GLib from trying to
    /// autolaunch a bus (an X11 helper) on a headless machine.</summary>
    private static string? FindUnavailableReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the OS keyring is supported on Linux only in this version";
        }

        if (!LibSecret.IsInstalled)
        {
            return "libsecret is not installed (Debian/Ubuntu: apt install libsecret-1-0)";
        }

        var bus = Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        var hasBus = !string.IsNullOrEmpty(bus) || (!string.IsNullOrEmpty(runtime) && File.Exists(Path.Combine(runtime, "bus")));
        return hasBus ? null : "there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no Secret Service";
    }
}
