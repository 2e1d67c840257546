namespace GenAIExecuter.Tests.Support;

/// <summary>Tests that assert how soon something returns or dies (timeouts, floods, killed processes). They run on
/// their own, after the parallel tests: on a two-core machine, dozens of concurrent sandboxes would otherwise measure
/// the test host's scheduling rather than the sandbox.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
