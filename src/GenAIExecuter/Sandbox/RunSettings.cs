namespace GenAIExecuter.Sandbox;

/// <summary>The per-run settings sent to the runner with the code.</summary>
internal sealed record RunSettings(TimeSpan Timeout, ResourceLimits Limits);
