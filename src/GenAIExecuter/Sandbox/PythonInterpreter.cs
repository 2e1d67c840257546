namespace GenAIExecuter.Sandbox;

/// <summary>What was learned about a Python interpreter by probing it once.</summary>
/// <param name="Executable">The real executable (shims such as pyenv's are resolved away).</param>
/// <param name="Version">The version, for example <c>3.11.7</c>.</param>
/// <param name="SysPath">The interpreter's module search path with site-packages, as a normal start computes it.</param>
/// <param name="Prefixes">The installation prefixes (the interpreter and its standard library live under them).</param>
internal sealed record PythonInterpreter(
    string Executable,
    string Version,
    IReadOnlyList<string> SysPath,
    IReadOnlyList<string> Prefixes);
