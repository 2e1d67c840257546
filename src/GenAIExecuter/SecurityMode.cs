namespace GenAIExecuter;

/// <summary>How strictly generated code is confined.</summary>
public enum SecurityMode
{
    /// <summary>
    /// The default. Layered confinement: a static policy check, a runtime audit guard, OS isolation
    /// with bubblewrap on Linux, resource limits, a scrubbed environment and hard timeouts. The code may
    /// read data files and print; it may not write or delete files, use the network, start processes,
    /// build code at run time or read the user's secrets.
    /// </summary>
    Safe,

    /// <summary>
    /// No policy, guard or file-system and network isolation: the code may write, delete, connect and spawn.
    /// Timeouts, output caps and the hiding of the executer's API keys still apply.
    /// </summary>
    Permissive,
}
