namespace GenAIExecuter.Keyring;

/// <summary>The keyring API keys are looked up in and migrated to.</summary>
internal static class OsKeyring
{
    private static readonly Lazy<IKeyring> System = new(() => new SecretServiceKeyring());

    /// <summary>The operating system's keyring, or a stand-in that is never used when <paramref name="use"/> is false.</summary>
    public static IKeyring Open(bool use) => use ? System.Value : TurnedOff.Instance;

    private sealed class TurnedOff : IKeyring
    {
        public static readonly TurnedOff Instance = new();

        public string Name => "the OS keyring";

        private const string Reason = "the keyring is turned off (UseKeyring = false, genai.use_keyring, GENAI_EXECUTER_USE_KEYRING)";

        public string? UnavailableReason => Reason;

        public KeyringResult Read(string service, string user) => KeyringResult.Failure(Reason);

        public KeyringResult Write(string service, string user, string secret) => KeyringResult.Failure(Reason);

        public KeyringResult Delete(string service, string user) => KeyringResult.Failure(Reason);
    }
}
