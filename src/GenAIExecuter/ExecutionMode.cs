namespace GenAIExecuter;

/// <summary>How the Python process that runs the code is obtained.</summary>
public enum ExecutionMode
{
    /// <summary>The default. A fresh Python process (and sandbox) for every run.</summary>
    Subprocess,

    /// <summary>
    /// A warm Python fork server, started once per <see cref="CodeExecuter"/>, forks a fresh child for
    /// every run inside the same sandbox. Much faster per run; nothing one run defines or leaves behind
    /// is visible to the next.
    /// </summary>
    Exec,
}
