namespace GenAIExecuter.Tests.Support;

/// <summary>Every test has a timeout (xunit enforces it on async tests).</summary>
internal static class TestTimeouts
{
    public const int Default = 60_000;
    public const int Long = 180_000;
}
