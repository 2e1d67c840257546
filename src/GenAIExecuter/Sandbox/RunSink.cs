using System.Text;

namespace GenAIExecuter.Sandbox;

/// <summary>Collects one run's frames: decodes output as it arrives (reporting it live), and completes with the result.</summary>
internal sealed class RunSink(IProgress<OutputChunk>? progress)
{
    private readonly Lock _gate = new();
    private readonly Decoder _outDecoder = Encoding.UTF8.GetDecoder();
    private readonly Decoder _errDecoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly List<byte> _result = [];
    private readonly TaskCompletionSource<RunnerOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<RunnerOutcome> Completion => _done.Task;

    public void Accept(RunnerFrame frame)
    {
        string? text = null;
        var stream = OutputKind.StandardOutput;
        lock (_gate)
        {
            if (_done.Task.IsCompleted)
            {
                return;
            }

            switch (frame.Kind)
            {
                case RunnerFrame.StandardOutput:
                    text = Decode(_outDecoder, frame.Payload, flush: false);
                    _output.Append(text);
                    break;
                case RunnerFrame.StandardError:
                    text = Decode(_errDecoder, frame.Payload, flush: false);
                    _error.Append(text);
                    stream = OutputKind.StandardError;
                    break;
                case RunnerFrame.PartialResult:
                    _result.AddRange(frame.Payload);
                    break;
                case RunnerFrame.Result:
                    _result.AddRange(frame.Payload);
                    Complete(ParseFields(Encoding.UTF8.GetString([.. _result])));
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
                Complete(new Dictionary<string, string>(StringComparer.Ordinal) { ["status"] = status, ["message"] = message });
            }
        }
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
