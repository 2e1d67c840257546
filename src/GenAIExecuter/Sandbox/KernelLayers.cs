using System.Runtime.InteropServices;

namespace GenAIExecuter.Sandbox;

/// <summary>What this kernel offers SAFE mode below the interpreter: Landlock (Linux 5.13+, no privileges needed) and
/// seccomp through libseccomp. Probed once per process.</summary>
internal static partial class KernelLayers
{
    public const string Landlock = "landlock";
    public const string Seccomp = "seccomp";

    private const long LandlockCreateRuleset = 444; // the same number on x86_64 and aarch64
    private const uint LandlockCreateRulesetVersion = 1;

    private static readonly Lazy<int> Abi = new(ProbeLandlockAbi);
    private static readonly Lazy<bool> SeccompLibrary = new(() => NativeLibrary.TryLoad("libseccomp.so.2", out _));

    /// <summary>The Landlock ABI version; 0 where there is none.</summary>
    public static int LandlockAbi => Abi.Value;

    /// <summary>The layers every SAFE run can be made to apply here.</summary>
    public static IReadOnlyList<string> Available()
    {
        var layers = new List<string>();
        if (LandlockAbi > 0)
        {
            layers.Add(Landlock);
        }

        if (OperatingSystem.IsLinux() && (RuntimeInformation.OSArchitecture is Architecture.X64 or Architecture.Arm64) && SeccompLibrary.Value)
        {
            layers.Add(Seccomp);
        }

        return layers;
    }

    private static int ProbeLandlockAbi()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return 0;
        }

        try
        {
            return (int)Math.Max(0, Syscall(LandlockCreateRuleset, IntPtr.Zero, 0, LandlockCreateRulesetVersion));
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number, IntPtr attr, nuint size, uint flags);
}
