namespace GenAIExecuter;

/// <summary>The stream a piece of program output was written to.</summary>
public enum OutputKind
{
    /// <summary>Standard output.</summary>
    StandardOutput,

    /// <summary>Standard error.</summary>
    StandardError,
}

/// <summary>A piece of program output, reported as it arrives.</summary>
/// <param name="Kind">The stream it was written to.</param>
/// <param name="Text">The text, decoded as UTF-8.</param>
public sealed record OutputChunk(OutputKind Kind, string Text);
