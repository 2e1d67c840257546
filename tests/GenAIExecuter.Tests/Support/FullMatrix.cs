namespace GenAIExecuter.Tests.Support;

/// <summary>Whether to run the whole matrix of a large suite (every case in every configuration) instead of the
/// representative slice CI runs: set GENAI_FULL_MATRIX=1, as scripts/full-matrix.sh does.</summary>
internal static class FullMatrix
{
    public static bool Enabled => Environment.GetEnvironmentVariable("GENAI_FULL_MATRIX") == "1";
}
