using System.Diagnostics;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>Native code the attacker wrote, loaded through SQLite's <c>load_extension</c> (Debian's python3 allows
/// it): once it runs, no in-process layer can stop it. With the static policy and the guard off, it runs, and the kernel
/// alone must keep it harmless: no file written outside, no process started, no connection. With every layer on,
/// the guard refuses the load. PERMISSIVE proves the extension does real harm.</summary>
public sealed class NativeExtensionAttackTests(NativeExtensionAttackTests.World world) : IClassFixture<NativeExtensionAttackTests.World>
{
    private const string Source = """
        #include <arpa/inet.h>
        #include <fcntl.h>
        #include <netinet/in.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <sys/socket.h>
        #include <sys/wait.h>
        #include <unistd.h>

        int sqlite3_extension_init(void *db, char **error, const void *api)
        {
            printf("NATIVE-RAN\n");
            fflush(stdout);
            const char *target = getenv("EVIL_TARGET");
            int fd = target ? open(target, O_WRONLY | O_CREAT, 0644) : -1;
            if (fd >= 0) { write(fd, "pwned", 5); close(fd); }
            const char *port = getenv("EVIL_PORT");
            int s = port ? socket(AF_INET, SOCK_STREAM, 0) : -1;
            if (s >= 0)
            {
                struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(atoi(port)), .sin_addr.s_addr = htonl(0x7f000001) };
                connect(s, (struct sockaddr *)&to, sizeof to);
                close(s);
            }
            pid_t child = fork();
            if (child == 0) { printf("SPAWNED\n"); fflush(stdout); _exit(0); }
            if (child > 0) waitpid(child, 0, 0);
            return 0;
        }
        """;

    private const string Attack = """
        import os, sqlite3
        os.environ["EVIL_TARGET"] = "{OUTSIDE}"
        os.environ["EVIL_PORT"] = "{PORT}"
        db = sqlite3.connect(":memory:")
        db.enable_load_extension(True)
        db.load_extension("{EXTENSION}")
        print("loaded")
        """;

    public static TheoryData<ExecutionMode, bool> KernelOnly => new()
    {
        { ExecutionMode.Subprocess, false }, { ExecutionMode.Exec, false }, { ExecutionMode.Subprocess, true }, { ExecutionMode.Exec, true },
    };

    [NativeExtensionTheory]
    [MemberData(nameof(KernelOnly))]
    public async Task TheKernelAlone_KeepsLoadedNativeCodeHarmless(ExecutionMode mode, bool isolation)
    {
        using var scene = new AttackScene(world.Test, "native-extension");
        await using var executer = world.Executer(SecurityMode.Safe, mode, isolation && Platform.WhyNoBwrap is null, inProcessLayers: false);

        var result = await executer.ExecuteCodeAsync(world.Render(scene, Attack));

        Assert.Contains("NATIVE-RAN", result.Output, StringComparison.Ordinal);  // the forbidden code did run
        Assert.Empty(scene.ObserveHarm(result));
    }

    [NativeExtensionTheory]
    [InlineData(ExecutionMode.Subprocess)]
    [InlineData(ExecutionMode.Exec)]
    public async Task EveryLayer_RefusesTheLoad(ExecutionMode mode)
    {
        using var scene = new AttackScene(world.Test, "native-extension");
        await using var executer = world.Executer(SecurityMode.Safe, mode, Platform.WhyNoBwrap is null, inProcessLayers: true);

        var result = await executer.ExecuteCodeAsync(world.Render(scene, Attack));

        Assert.Equal(ExecutionStatus.PolicyViolation, result.Status);
        Assert.DoesNotContain("NATIVE-RAN", result.Output, StringComparison.Ordinal);
        Assert.Empty(scene.ObserveEffects(result));
    }

    [NativeExtensionTheory]
    [InlineData(ExecutionMode.Subprocess)]
    public async Task InPermissiveMode_TheExtensionDoesRealHarm(ExecutionMode mode)
    {
        using var scene = new AttackScene(world.Test, "native-extension");
        await using var executer = world.Executer(SecurityMode.Permissive, mode, isolation: false, inProcessLayers: true);

        var result = await executer.ExecuteCodeAsync(world.Render(scene, Attack));

        var harm = scene.ObserveHarm(result);
        Assert.Contains("something was created outside the working directory", harm);
        Assert.Contains("the TCP listener received a connection", harm);
        Assert.Contains("a process was started (a shell ran)", harm);
    }

    /// <summary>The test world, with the extension compiled into its working directory.</summary>
    public sealed class World : IDisposable
    {
        public World()
        {
            if (SystemPython.WhyNoNativeExtensions is not null)
            {
                return;
            }

            var folder = Directory.CreateDirectory(Path.Combine(Test.Work, "ext")).FullName;
            File.WriteAllText(Path.Combine(folder, "evil.c"), Source);
            Extension = Path.Combine(folder, "evil.so");
            var start = new ProcessStartInfo("gcc") { UseShellExecute = false, RedirectStandardError = true };
            foreach (var arg in new[] { "-shared", "-fPIC", "-o", Extension, Path.Combine(folder, "evil.c") })
            {
                start.ArgumentList.Add(arg);
            }

            using var gcc = Process.Start(start)!;
            var error = gcc.StandardError.ReadToEnd();
            gcc.WaitForExit();
            Assert.True(gcc.ExitCode == 0, $"gcc failed: {error}");
        }

        public TestWorld Test { get; } = new();

        public string Extension { get; } = "";

        public string Render(AttackScene scene, string code) => scene.Render(code.Replace("{EXTENSION}", Extension, StringComparison.Ordinal));

        public CodeExecuter Executer(SecurityMode security, ExecutionMode mode, bool isolation, bool inProcessLayers) =>
            ExecuterConfigurations.Create(Test.Work, security, mode, isolation, o => o.Python = SystemPython.Path, staticPolicy: inProcessLayers, runtimeGuard: inProcessLayers);

        public void Dispose() => Test.Dispose();
    }
}
