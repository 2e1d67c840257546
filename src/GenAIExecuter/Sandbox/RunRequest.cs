using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace GenAIExecuter.Sandbox;

/// <summary>Encodes requests for the runner: a 4-byte big-endian length, then <c>key=value</c> lines
/// (backslash-escaped), an empty line, and the code as UTF-8.</summary>
internal static class RunRequest
{
    /// <summary>The variable that gives the runner the kernel plan when it starts (see <see cref="KernelPlan"/>).</summary>
    public const string KernelPlanVariable = "GENAI_KERNEL_PLAN";

    private const char ListSeparator = '\x1f';

    public static byte[] Run(uint id, string code, RunSettings settings, SandboxPlan plan, string? hostScratch, string? hostScratchRoot)
    {
        var limits = settings.Limits;
        var safe = plan.SecurityMode == SecurityMode.Safe;
        var fields = new List<(string, string)>
        {
            ("id", Invariant(id)),
            ("kind", "run"),
            ("timeout_ms", Invariant(Math.Max(1, (long)Math.Ceiling(settings.Timeout.TotalMilliseconds)))),
            ("out_cap", Invariant(limits.MaxOutputBytes)),
            ("err_cap", Invariant(limits.MaxOutputBytes)),
            ("path", string.Join(ListSeparator, plan.Python.SysPath)),
        };
        if (settings.DeadlineMonotonicMicroseconds is { } deadline)
        {
            fields.Add(("deadline_us", Invariant(deadline)));
        }

        fields.AddRange(KernelPlanFields(plan));
        if (safe)
        {
            fields.AddRange([
                ("mem", Invariant(limits.MemoryBytes)),
                ("cpu", Invariant((long)Math.Ceiling(limits.CpuTime.TotalSeconds))),
                ("fsize", Invariant(limits.FileSizeBytes)),
                ("scratch_size", Invariant(limits.ScratchSizeBytes)),
                ("area_size", Invariant(plan.Artifacts is null ? 0 : limits.OutputAreaBytes)),
                ("area_files", Invariant(limits.MaxOutputFiles)),
                ("nofile", Invariant(limits.MaxOpenFiles)),
                ("nproc", Invariant(limits.MaxProcesses)),
            ]);
        }

        if (settings.InputsDirectory is not null)
        {
            fields.Add(("inputs", settings.InputsDirectory));
        }

        if (plan.Artifacts is not null)
        {
            fields.Add(("artifacts_root", plan.Artifacts.Staging));
        }

        if (!plan.Environment.ContainsKey("HOME") && safe)
        {
            fields.Add(("home_is_scratch", "1"));
        }

        if (hostScratchRoot is not null)
        {
            fields.Add(("scratch_root", hostScratchRoot));
        }
        else
        {
            fields.Add(("scratch", hostScratch ?? plan.IsolatedScratch ?? throw new InvalidOperationException("A run needs a scratch directory.")));
        }

        return Frame(fields, code);
    }

    /// <summary>The part of every request that its security depends on (the mode, the layers, the read rules), given to
    /// the runner when it starts (<see cref="KernelPlanVariable"/>). The runner pins these fields, so that no request
    /// can change them, and each worker prepares its kernel layers before its request arrives.</summary>
    public static string KernelPlan(SandboxPlan plan)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in KernelPlanFields(plan))
        {
            text.Append(key).Append('=').Append(Escape(value)).Append('\n');
        }

        return text.ToString();
    }

    private static IEnumerable<(string, string)> KernelPlanFields(SandboxPlan plan)
    {
        yield return ("cwd", plan.WorkingDirectory);
        yield return ("security", plan.SecurityMode == SecurityMode.Safe ? "safe" : "permissive");
        if (plan.SecurityMode == SecurityMode.Safe)
        {
            yield return ("deny_read", string.Join(ListSeparator, plan.DenyRead));
            yield return ("allow_read", string.Join(ListSeparator, plan.AllowRead));
            yield return ("kernel", string.Join(',', plan.KernelLayers));
            yield return ("static_policy", plan.StaticPolicy ? "1" : "0");
            yield return ("guard", plan.RuntimeGuard ? "1" : "0");
            yield return ("trust_kernel", plan.KernelHoldsBoundary ? "1" : "0");
        }
    }

    public static byte[] Cancel(uint id) => Frame([("id", Invariant(id)), ("kind", "cancel")], string.Empty);

    private static byte[] Frame(List<(string Key, string Value)> fields, string code)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in fields)
        {
            text.Append(key).Append('=').Append(Escape(value)).Append('\n');
        }

        text.Append('\n');
        var head = Encoding.UTF8.GetBytes(text.ToString());
        var body = Encoding.UTF8.GetBytes(code);
        var frame = new byte[4 + head.Length + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, head.Length + body.Length);
        head.CopyTo(frame, 4);
        body.CopyTo(frame, 4 + head.Length);
        return frame;
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
