using System.Text;

namespace GenAIExecuter.Sandbox;

/// <summary>Collects one run's frames: decodes output as it arrives (reporting it live), and completes with the result.
/// The result counts the bytes the runner relayed; a run whose count differs from what arrived here lost output on the
/// way and completes as a sandbox error, never as the program's own result.</summary>
internal sealed class RunSink(IProgress<OutputChunk>? progress)
{
    private readonly Lock _gate = new();
    private readonly Decoder _outDecoder = Encoding.UTF8.GetDecoder();
    private readonly Decoder _errDecoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly List<byte> _result = [];
    private readonly TaskCompletionSource<RunnerOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reported = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _outBytes;
    private long _errBytes;

    public Task<RunnerOutcome> Completion => _done.Task;

    /// <summary>Completes when the runner's own result arrives, even after the run was abandoned: the runner has then
    /// stopped the run's processes.</summary>
    public Task Reported => _reported.Task;

    public void Accept(RunnerFrame frame)
    {
        string? text = null;
        var stream = OutputKind.StandardOutput;
        lock (_gate)
        {
            if (frame.Kind == RunnerFrame.Result)
            {
                _reported.TrySetResult();
            }

            if (_done.Task.IsCompleted)
            {
                return;
            }

            switch (frame.Kind)
            {
                case RunnerFrame.StandardOutput:
                    _outBytes += frame.Payload.Length;
                    text = Decode(_outDecoder, frame.Payload, flush: false);
                    _output.Append(text);
                    break;
                case RunnerFrame.StandardError:
                    _errBytes += frame.Payload.Length;
                    text = Decode(_errDecoder, frame.Payload, flush: false);
                    _error.Append(text);
                    stream = OutputKind.StandardError;
                    break;
                case RunnerFrame.PartialResult:
                    _result.AddRange(frame.Payload);
                    break;
                case RunnerFrame.Result:
                    _result.AddRange(frame.Payload);
                    Complete(CheckCompleteness(ParseFields(Encoding.UTF8.GetString([.. _result]))));
                    break;
            }
        }

        if (!string.IsNullOrEmpty(text))
        {
            progress?.Report(new OutputChunk(stream, text));
        }
    }

    /// <summary>Completes the run without a runner result (deadline passed, runner died).</summary>
    public void Abandon(string status, string message)
    {
        lock (_gate)
        {
            if (!_done.Task.IsCompleted)
            {
                Complete(new Dictionary<string, string>(StringComparer.Ordinal) { [RunnerFields.Status] = status, [RunnerFields.Message] = message });
            }
        }
    }

    /// <summary>The runner says how many bytes of each stream it sent; anything else than what arrived is lost output.</summary>
    private Dictionary<string, string> CheckCompleteness(Dictionary<string, string> fields)
    {
        var sentOut = fields.GetValueOrDefault(RunnerFields.OutBytes);
        var sentErr = fields.GetValueOrDefault(RunnerFields.ErrBytes);
        if (sentOut == Invariant(_outBytes) && sentErr == Invariant(_errBytes))
        {
            return fields;
        }

        fields[RunnerFields.Status] = RunnerFields.StatusInternal;
        fields[RunnerFields.Message] = sentOut is null || sentErr is null
            ? "The sandbox runner's result did not say how much output it sent, so the output cannot be proved complete."
            : $"Output was lost between the sandbox and the host: the runner sent {sentOut} bytes of standard output and {sentErr} of " +
              $"standard error; {Invariant(_outBytes)} and {Invariant(_errBytes)} arrived.";
        return fields;
    }

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Completes the run because its runner is gone: no report will ever come.</summary>
    public void EndWithoutReport(string message)
    {
        Abandon(RunnerFields.StatusInternal, message);
        _reported.TrySetResult();
    }

    private void Complete(Dictionary<string, string> fields)
    {
        _output.Append(Decode(_outDecoder, [], flush: true));
        _error.Append(Decode(_errDecoder, [], flush: true));
        _done.TrySetResult(new RunnerOutcome(fields, _output.ToString(), _error.ToString()));
    }

    private static string Decode(Decoder decoder, byte[] bytes, bool flush)
    {
        var chars = new char[decoder.GetCharCount(bytes, flush)];
        var count = decoder.GetChars(bytes, chars, flush);
        return new string(chars, 0, count);
    }

    private static Dictionary<string, string> ParseFields(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var split = line.IndexOf('=', StringComparison.Ordinal);
            if (split > 0)
            {
                fields[line[..split]] = Unescape(line[(split + 1)..]);
            }
        }

        return fields;
    }

    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                result.Append(value[i] == 'n' ? '\n' : value[i]);
            }
            else
            {
                result.Append(value[i]);
            }
        }

        return result.ToString();
    }
}
