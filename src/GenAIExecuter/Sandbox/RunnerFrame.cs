using System.Buffers.Binary;

namespace GenAIExecuter.Sandbox;

/// <summary>One message from the runner: a kind (<c>H</c> ready, <c>O</c> stdout, <c>E</c> stderr, <c>r</c>/<c>R</c> result),
/// the run id it belongs to, and its payload.</summary>
internal readonly record struct RunnerFrame(byte Kind, uint RunId, byte[] Payload)
{
    public const byte Hello = (byte)'H';
    public const byte StandardOutput = (byte)'O';
    public const byte StandardError = (byte)'E';
    public const byte PartialResult = (byte)'r';
    public const byte Result = (byte)'R';

    /// <summary>Reads the next frame, blocking; null at end of stream.</summary>
    public static RunnerFrame? Read(Stream stream)
    {
        var header = new byte[4];
        if (stream.ReadAtLeast(header, 4, throwOnEndOfStream: false) < 4)
        {
            return null;
        }

        var body = new byte[CheckedLength(header)];
        stream.ReadExactly(body);
        return new RunnerFrame(body[0], BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4)), body[5..]);
    }

    /// <summary>Reads the next frame; null at end of stream.</summary>
    public static async Task<RunnerFrame?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        var read = await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < 4)
        {
            return null;
        }

        var body = new byte[CheckedLength(header)];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return new RunnerFrame(body[0], BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4)), body[5..]);
    }

    private static int CheckedLength(byte[] header)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        return length is < 5 or > 1 << 20
            ? throw new SandboxException($"The sandbox runner sent a malformed frame (length {length}).")
            : length;
    }
}
