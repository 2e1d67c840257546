namespace GenAIExecuter.Keyring;

/// <summary>The operating system's secret store, as the API-key lookup uses it: one secret per service and user name.
/// Failures come back as data; nothing here throws for a missing, locked or absent keyring.</summary>
internal interface IKeyring
{
    /// <summary>What the store is, for messages ("the Secret Service keyring").</summary>
    string Name { get; }

    /// <summary>Why the store cannot be used on this machine, or null when it may be.</summary>
    string? UnavailableReason { get; }

    KeyringResult Read(string service, string user);

    KeyringResult Write(string service, string user, string secret);

    KeyringResult Delete(string service, string user);
}

/// <summary>How a keyring operation ended.</summary>
internal enum KeyringStatus
{
    /// <summary>Done; for a read, the secret was found.</summary>
    Ok,

    /// <summary>There was no such entry.</summary>
    NotFound,

    /// <summary>The keyring could not be used; <see cref="KeyringResult.Error"/> says why.</summary>
    Failed,
}

/// <summary>The outcome of one keyring operation.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Secret">The secret read, for a successful read.</param>
/// <param name="Error">What went wrong, when it failed.</param>
internal sealed record KeyringResult(KeyringStatus Status, string? Secret = null, string? Error = null)
{
    public static readonly KeyringResult Done = new(KeyringStatus.Ok);
    public static readonly KeyringResult Missing = new(KeyringStatus.NotFound);

    public static KeyringResult Failure(string error) => new(KeyringStatus.Failed, Error: error);

    public override string ToString() => Status == KeyringStatus.Failed ? $"Failed: {Error}" : Status.ToString(); // never the secret
}
