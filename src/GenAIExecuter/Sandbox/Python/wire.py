# Part of the GenAI Executer runner: The wire format between the .NET side and the runner: framed requests in, framed output and results out.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).

def _escape(value):
    return str(value).replace("\\", "\\\\").replace("\n", "\\n")


def _unescape(value):
    if "\\" not in value:
        return value
    out, i = [], 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            out.append("\n" if value[i + 1] == "n" else value[i + 1])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def encode_fields(fields):
    return "".join(f"{k}={_escape(v)}\n" for k, v in fields.items() if v is not None).encode("utf-8")


def decode_request(payload):
    head, sep, code = payload.partition(b"\n\n")
    if not sep:
        head, code = payload.rstrip(b"\n"), b""
    fields = {}
    for line in head.decode("utf-8").split("\n"):
        key, _, value = line.partition("=")
        if key:
            fields[key] = _unescape(value)
    fields["code"] = code.decode("utf-8", "replace")
    return fields


def split_list(value):
    return [p for p in (value or "").split("\x1f") if p]


def read_exact(fd, n):
    chunks = []
    while n:
        chunk = os.read(fd, n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(fd):
    head = read_exact(fd, 4)
    if head is None:
        return None
    return read_exact(fd, int.from_bytes(head, "big"))


class Channel:
    """Writes framed messages tagged with a run id to the .NET side."""

    def __init__(self, fd, run_id):
        self.fd = fd
        self.run_id = run_id.to_bytes(4, "big")

    def send(self, kind, data):
        for start in range(0, max(len(data), 1), PAYLOAD_MAX):
            part = data[start:start + PAYLOAD_MAX]
            body = kind + self.run_id + part
            frame = len(body).to_bytes(4, "big") + body
            view = memoryview(frame)
            while view:
                view = view[os.write(self.fd, view):]

    def result(self, fields):
        data = encode_fields(fields)
        chunks = [data[i:i + PAYLOAD_MAX] for i in range(0, len(data), PAYLOAD_MAX)] or [b""]
        for chunk in chunks[:-1]:
            self.send(b"r", chunk)
        self.send(b"R", chunks[-1])

