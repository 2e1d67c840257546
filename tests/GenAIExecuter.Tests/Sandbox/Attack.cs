namespace GenAIExecuter.Tests.Sandbox;

/// <summary>One attempt to break out of SAFE mode.</summary>
/// <param name="Name">A unique name, shown as the test case.</param>
/// <param name="Category">files, network, processes, dynamic-code, escapes, secrets.</param>
/// <param name="Code">Python with placeholders: {CANARY}, {CANARY_DIR}, {OUTSIDE}, {OUTSIDE_DIR}, {PORT}, {UDP_PORT},
/// {VICTIM_PID}, {HOME_SECRET}, {HOME_SECRET_DIR}.</param>
/// <param name="Provable">True when the same script, run in PERMISSIVE mode without isolation, must show its effect
/// (proof that the attack is real). False where the protection holds in every mode by design (key hiding).</param>
/// <param name="ExpectViolation">True when SAFE mode must end the run with a policy violation (not just make it harmless).</param>
/// <param name="StaticOnly">True when only the static policy can see it (CPython raises no audit event for it), so the
/// runtime guard on its own is not expected to stop it.</param>
public sealed record Attack(string Name, string Category, string Code, bool Provable = true, bool ExpectViolation = true, bool StaticOnly = false)
{
    public override string ToString() => Name;
}
