using System.Diagnostics;

namespace GenAIExecuter.Tests.Support;

/// <summary>A real, private Secret Service: a D-Bus session bus (<c>dbus-run-session</c>) with <c>gnome-keyring-daemon</c>
/// unlocked on it, its keyrings in a temporary home. Processes given <see cref="Environment"/> use it; the user's own
/// keyring is never touched. Disposing ends the session and removes the folder.</summary>
public sealed class KeyringSession : IAsyncDisposable
{
    private readonly Process _session;
    private readonly string _home;

    private KeyringSession(Process session, string home, string busAddress)
    {
        _session = session;
        _home = home;
        BusAddress = busAddress;
    }

    public string BusAddress { get; }

    /// <summary>Environment for a child process that should see this keyring (and use it from genai-exec).</summary>
    public Dictionary<string, string> Environment => new()
    {
        ["DBUS_SESSION_BUS_ADDRESS"] = BusAddress,
        ["GENAI_EXECUTER_USE_KEYRING"] = "true",
    };

    /// <summary>Why a keyring session cannot run here, or null.</summary>
    public static string? WhyUnavailable { get; } = Probe();

    /// <summary>A Secret Service that owns its bus name and never answers (Python's jeepney), like a keyring stuck
    /// on a password prompt nobody can see.</summary>
    private const string SilentService = """
        /usr/bin/python3 -c "
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection
        bus = open_dbus_connection(bus='SESSION')
        bus.send_and_get_reply(message_bus.RequestName('org.freedesktop.secrets'))
        print('owned', flush=True)
        while True:
            bus.receive()  # read calls, answer none; ends with the bus
        " > "$XDG_RUNTIME_DIR/owned" 2>/dev/null &
        while [ ! -s "$XDG_RUNTIME_DIR/owned" ]; do sleep 0.05; done
        """;

    private const string GnomeKeyring = "printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null";

    /// <param name="silent">Start a Secret Service that never answers instead of gnome-keyring.</param>
    public static async Task<KeyringSession> StartAsync(bool silent = false)
    {
        var home = Directory.CreateTempSubdirectory("genai-keyring-").FullName;
        var runtime = Directory.CreateDirectory(Path.Combine(home, "run")).FullName;
        File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var start = new ProcessStartInfo("dbus-run-session")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // An empty password does not create the login collection; any other does. The shell then waits on stdin,
        // so closing it ends the session, the bus and the keyring daemon.
        var service = silent ? SilentService : GnomeKeyring;
        foreach (var arg in new[] { "--", "sh", "-c", service + " && echo \"$DBUS_SESSION_BUS_ADDRESS\" && exec cat >/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = home;
        start.Environment["XDG_RUNTIME_DIR"] = runtime;
        start.Environment["XDG_DATA_HOME"] = Path.Combine(home, "data");
        var session = Process.Start(start)!;
        _ = session.StandardError.ReadToEndAsync(); // dbus-daemon's notices
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var address = await session.StandardOutput.ReadLineAsync(timeout.Token);
        if (string.IsNullOrEmpty(address))
        {
            session.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The keyring session did not start (no bus address).");
        }

        return new KeyringSession(session, home, address);
    }

    /// <summary>Python's keyring package (Debian's python3-keyring) reading or writing this keyring, as the original
    /// GenAI Executer module did.</summary>
    public async Task<string> PythonAsync(string code)
    {
        var (exit, output, error) = await OnTheBusAsync(PythonWithKeyring, null, "-c", "import keyring\n" + code);
        return exit == 0 ? output.TrimEnd('\n') : throw new InvalidOperationException($"python keyring failed: {error}");
    }

    /// <summary>Stores a secret with libsecret's own <c>secret-tool</c>, under Python keyring's attributes.</summary>
    public async Task StoreWithSecretToolAsync(string service, string secret)
    {
        var (exit, _, error) = await OnTheBusAsync("secret-tool", secret, "store", "--label", $"{service} test key", "service", service, "username", "api_key");
        if (exit != 0)
        {
            throw new InvalidOperationException($"secret-tool store failed: {error}");
        }
    }

    /// <summary>How many keyring entries the service has (libsecret's <c>secret-tool search --all</c>, which writes
    /// each entry's <c>[/path]</c> header on stderr).</summary>
    public async Task<int> CountEntriesAsync(string service)
    {
        var (_, output, error) = await OnTheBusAsync("secret-tool", null, "search", "--all", "service", service);
        return (output + error).Split('\n').Count(line => line.StartsWith("[/", StringComparison.Ordinal));
    }

    /// <summary>Runs a program that talks to this session's bus, with its home in the session's folder.</summary>
    private async Task<(int ExitCode, string Output, string Error)> OnTheBusAsync(string program, string? input, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DBUS_SESSION_BUS_ADDRESS"] = BusAddress;
        start.Environment["HOME"] = _home;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The bus socket's path, from an address such as <c>unix:path=/tmp/dbus-XYZ,guid=…</c>.</summary>
    public string BusSocketPath => BusAddress.Split(',')[0]["unix:path=".Length..];

    public const string PythonWithKeyring = "/usr/bin/python3";

    public static bool HasPythonKeyring { get; } = Run(PythonWithKeyring, "-c", "import keyring.backends.SecretService");

    public async ValueTask DisposeAsync()
    {
        _session.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _session.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _session.Kill(entireProcessTree: true);
        }

        _session.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the Secret Service is a Linux desktop service";
        }

        foreach (var tool in new[] { "dbus-run-session", "gnome-keyring-daemon", "secret-tool" })
        {
            if (!Run("sh", "-c", $"command -v {tool}"))
            {
                return $"{tool} is not installed (apt-get install dbus gnome-keyring libsecret-1-0 libsecret-tools)";
            }
        }

        return null;
    }

    private static bool Run(string program, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>A theory that needs a real Secret Service (dbus and gnome-keyring); skipped, with the reason, where there is none.</summary>
public sealed class KeyringTheoryAttribute : TheoryAttribute
{
    public KeyringTheoryAttribute(bool needsBwrap = false)
    {
        Timeout = TestTimeouts.Default;
        if (KeyringSession.WhyUnavailable is { } reason)
        {
            Skip = $"Needs a Secret Service: {reason}.";
        }
        else if (needsBwrap && Platform.WhyNoBwrap is { } noBwrap)
        {
            Skip = $"Needs bubblewrap: {noBwrap}.";
        }
    }
}

/// <summary>A fact that needs a real Secret Service (dbus and gnome-keyring); skipped, with the reason, where there is none.</summary>
public sealed class KeyringFactAttribute : FactAttribute
{
    public KeyringFactAttribute(bool needsPythonKeyring = false)
    {
        Timeout = TestTimeouts.Default;
        if (KeyringSession.WhyUnavailable is { } reason)
        {
            Skip = $"Needs a Secret Service: {reason}.";
        }
        else if (needsPythonKeyring && !KeyringSession.HasPythonKeyring)
        {
            Skip = $"Needs Python's keyring package at {KeyringSession.PythonWithKeyring} (apt-get install python3-keyring).";
        }
    }
}
