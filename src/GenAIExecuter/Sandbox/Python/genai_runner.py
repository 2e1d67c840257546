# GenAI Executer's trusted runner. It is started by the .NET side as
#   python -I -S -B genai_runner.pyc once    (one run: request on stdin, frames on stdout)
#   python -I -S -B genai_runner.pyc serve   (fork server: many requests, concurrent runs)
# and never runs user code itself: for each request it forks a supervisor, which forks a
# worker. The worker applies the limits and, in SAFE mode, the static policy and the audit
# guard, then runs the code. The supervisor relays output, enforces the timeout, kills the
# whole process tree and reports one result. Start-up cost matters, so this file imports only
# built-in C modules (no json, re, enum, signal, selectors).
import os
import sys
import resource
import select
import _signal

FRAME_MAX = 4096  # PIPE_BUF: frames this small are written atomically by concurrent supervisors
PAYLOAD_MAX = FRAME_MAX - 9
USER_FILE = "<code>"
EXIT_VIOLATION = 86

# ---------------------------------------------------------------------------- wire format

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

# ---------------------------------------------------------------------------- processes

def _proc_table():
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        rest = stat[stat.rfind(b")") + 2:].split()
        table[int(name)] = (int(rest[1]), int(rest[3]))  # ppid, session
    return table


_own_namespace = False  # once mode in a private PID namespace: every other process in it belongs to the run


def kill_tree(roots, session=0):
    """SIGKILLs the `roots`, their descendants and every process of `session` (in a private PID namespace of one
    run: every process but init and us), until none is left."""
    me = os.getpid()
    for _ in range(50):
        table = _proc_table()
        children = {}
        for pid, (ppid, _sid) in table.items():
            children.setdefault(ppid, []).append(pid)
        targets = {pid for pid in roots if pid in table}
        stack = list(targets)
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in targets:
                    targets.add(child)
                    stack.append(child)
        if session > 1:
            targets.update(pid for pid, (_p, sid) in table.items() if sid == session)
        if _own_namespace:
            targets.update(table)
        targets.discard(me)
        targets.discard(1)
        if not targets:
            return
        for pid in targets:
            try:
                os.kill(pid, _signal.SIGKILL)
            except OSError:
                pass
        reap()


_reaped = {}


def reap():
    """Collects exited children, keeping their statuses for wait_for."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _reaped[pid] = status


def wait_for(pid):
    if pid in _reaped:
        return _reaped.pop(pid)
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return _reaped.pop(pid, 0)


def children_of_self():
    """Our live children, from every thread's children file; None where the kernel does not offer the file."""
    found = set()
    try:
        tasks = os.listdir("/proc/self/task")
        for tid in tasks:
            with open(f"/proc/self/task/{tid}/children", "rb") as f:
                found.update(int(child) for child in f.read().split())
    except OSError:
        return None
    return found


_prctl = None


def become_subreaper():
    """Orphans of our descendants are re-parented to us (not to init), so we can still find and kill them."""
    global _prctl
    if _prctl is None:
        import ctypes  # noqa: only the trusted runner uses it, before any user code exists
        _prctl = ctypes.CDLL(None, use_errno=True).prctl
    _prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def remove_tree(path):
    try:
        entries = os.listdir(path)
    except OSError:
        return
    for name in entries:
        full = path + "/" + name
        if os.path.isdir(full) and not os.path.islink(full):
            remove_tree(full)
        else:
            try:
                os.unlink(full)
            except OSError:
                pass
    try:
        os.rmdir(path)
    except OSError:
        pass


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _monotonic_us():
    import time  # built-in module, already imported by the interpreter at start
    return time.monotonic_ns() // 1000

# ---------------------------------------------------------------------------- runs

class Worker:
    """A worker forked ahead of its request (own session, stdio on pipes, guard installed but disarmed, warm),
    waiting for the request on a pipe, so that a run pays for no fork on its critical path."""

    def __init__(self, keep_fds):
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        st_r, st_w = os.pipe()
        req_r, req_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                for fd in (out_r, err_r, st_r, req_w, *keep_fds):
                    os.close(fd)
                worker_main(out_w, err_w, st_w, req_r)
            except BaseException as error:  # noqa: a runner fault, reported on the run's stderr
                os.write(2, f"genai-runner: internal error: {type(error).__name__}: {error}\n".encode())
            finally:
                os._exit(70)
        for fd in (out_w, err_w, st_w, req_r):
            os.close(fd)
        self.pid, self.out_r, self.err_r, self.st_r, self.req_w = pid, out_r, err_r, st_r, req_w
        self.pidfd = os.pidfd_open(pid)

    def discard(self):
        for fd in (self.out_r, self.err_r, self.st_r, self.req_w, self.pidfd):
            try:
                os.close(fd)
            except OSError:
                pass
        kill_tree([self.pid], self.pid)
        wait_for(self.pid)


class Run:
    """One request in flight: relays the worker's output (capped), enforces the timeout, and reports one result."""

    def __init__(self, worker, req, chan, poller):
        self.started = _monotonic_us()
        self.worker, self.chan, self.poller = worker, chan, poller
        self.caps = {worker.out_r: int(req.get("out_cap", "1048576")), worker.err_r: int(req.get("err_cap", "1048576"))}
        self.kinds = {worker.out_r: b"O", worker.err_r: b"E"}
        self.dropped = {worker.out_r: 0, worker.err_r: 0}
        self.status = bytearray()
        self.deadline = self.started + int(req.get("timeout_ms", "30000")) * 1000
        self.drain_until = None
        self.timed_out = False
        self.cancelled = False
        self.exited = None
        self.open_fds = {worker.out_r, worker.err_r, worker.st_r}
        self.scratch = req.get("scratch") or ""
        self.made_scratch = False
        if req.get("scratch_root"):
            self.scratch = f"{req['scratch_root']}/run-{req.get('id', '0')}-{worker.pid}"
            os.mkdir(self.scratch, 0o700)
            self.made_scratch = True
        req["scratch"] = self.scratch
        data = encode_fields({k: v for k, v in req.items() if k != "code"}) + b"\n" + req["code"].encode("utf-8")
        try:
            _write_all(worker.req_w, data)
        finally:
            os.close(worker.req_w)
        for fd in self.open_fds:
            poller.register(fd, select.POLLIN | select.POLLHUP)
        poller.register(worker.pidfd, select.POLLIN)

    def fds(self):
        return self.open_fds | ({self.worker.pidfd} if self.exited is None else set())

    def timer(self):
        return self.drain_until if self.drain_until is not None else self.deadline

    def on_event(self, fd):
        if fd == self.worker.pidfd:
            self.poller.unregister(fd)
            self.exited = wait_for(self.worker.pid)
            # The program is over: whatever it left running dies now (so inherited pipes close).
            kill_tree([self.worker.pid], self.worker.pid)
            sweep_orphans()
            self._start_draining()
            return
        data = os.read(fd, PAYLOAD_MAX)
        if not data:
            self.poller.unregister(fd)
            self.open_fds.discard(fd)
            os.close(fd)
            return
        if fd == self.worker.st_r:
            self.status.extend(data)
            return
        room = self.caps[fd]
        if room > 0:
            self.chan.send(self.kinds[fd], data[:room])
        self.dropped[fd] += max(0, len(data) - max(room, 0))
        self.caps[fd] = room - len(data)

    def on_timer(self, now):
        if self.drain_until is None and now >= self.deadline:
            self.timed_out = True
            self.stop()
        elif self.drain_until is not None and now >= self.drain_until:
            for fd in list(self.open_fds):
                self.poller.unregister(fd)
                os.close(fd)
            self.open_fds.clear()

    def stop(self):
        """Kills the run's whole tree (timeout or cancellation); the output already in the pipes is still relayed."""
        kill_tree([self.worker.pid], self.worker.pid)
        self._start_draining()

    def _start_draining(self):
        if self.drain_until is None:
            self.drain_until = _monotonic_us() + 200_000

    def done(self):
        if self.open_fds:
            return False
        # The worker says it is done before it exits, so the result need not wait for the kernel to tear a large
        # process down; it closed its pipes only after killing whatever it had started.
        return self.exited is not None or b"done=" in self.status or self.drain_until is not None

    def finish(self):
        fields = dict(_parse_status(bytes(self.status)))
        done = fields.pop("done", None)
        if self.exited is None and done is not None and not self.timed_out and not self.cancelled:
            exited = (int(done) & 0xFF) << 8  # as waitpid reports it; the process is reaped after the result
        else:
            if self.exited is None:
                self.poller.unregister(self.worker.pidfd)
                kill_tree([self.worker.pid], self.worker.pid)
                self.exited = wait_for(self.worker.pid)
            exited = self.exited
        fields["out_dropped"] = self.dropped[self.worker.out_r]
        fields["err_dropped"] = self.dropped[self.worker.err_r]
        if os.WIFSIGNALED(exited):
            fields["signal"] = os.WTERMSIG(exited)
            fields["exit"] = -os.WTERMSIG(exited)
        else:
            fields["exit"] = os.WEXITSTATUS(exited)
        if self.cancelled:
            fields["status"] = "cancelled"
        elif fields.get("status") == "violation" and fields["exit"] == EXIT_VIOLATION:
            pass
        elif self.timed_out:
            fields["status"] = "timeout"
        elif fields["exit"] == 0:
            fields["status"] = "ok"
        else:
            fields["status"] = "error"
        # Nothing of this run may be visible to the next one: its scratch goes before the result.
        if self.made_scratch:
            remove_tree(self.scratch)
        fields["elapsed_us"] = _monotonic_us() - self.started
        self.chan.result(fields)

    def exiting(self):
        """The pidfd to watch until the worker has exited, or None when it already has (then all is cleaned up)."""
        if self.exited is None:
            return self.worker.pidfd
        os.close(self.worker.pidfd)
        sweep_orphans()
        return None


_known_children = set()


def sweep_orphans():
    """Kills what reached us as orphans: as a subreaper, every child of ours that is not a worker is a leftover
    of a run whose worker is gone (each live worker is the subreaper of its own run)."""
    reap()
    children = children_of_self()
    if children is None:
        return
    strays = children - _known_children
    if strays:
        kill_tree(strays)


def _parse_status(data):
    for line in data.decode("utf-8", "replace").split("\n"):
        key, sep, value = line.partition("=")
        if sep:
            yield key, _unescape(value)


# ---------------------------------------------------------------------------- worker

def worker_main(out_w, err_w, st_w, req_r):
    """The worker: its own session, stdio on the run's pipes; then it waits for its one request and runs it."""
    os.setsid()
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(st_w, 3)
    os.dup2(req_r, 4)
    os.closerange(5, 65536)
    global _own_namespace
    _own_namespace = False  # the namespace belongs to the server; a worker only ever kills its own tree
    become_subreaper()  # the orphans of this run come back to this worker, which kills them when the run ends
    _signal.signal(_signal.SIGTERM, _signal.SIG_DFL)
    _signal.signal(_signal.SIGCHLD, _signal.SIG_DFL)
    _signal.signal(_signal.SIGPIPE, _signal.SIG_DFL)
    # Everything that does not depend on the request is done before it comes: after a fork, first use of memory
    # costs copy-on-write faults, and this way the run does not pay them.
    sys.stdout = open(1, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)
    sys.stdin = open(0, "r", encoding="utf-8", closefd=False)
    report = StatusPipe(3)
    guard = Guard(report)
    check_policy(WARM_UP_CODE)
    compile(WARM_UP_CODE, USER_FILE, "exec", dont_inherit=True)
    chunks = []
    while True:
        chunk = os.read(4, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(4)
    if not chunks:
        os._exit(0)  # never used: the runner is shutting down
    req = decode_request(b"".join(chunks))
    run_worker(req, req["scratch"], report, guard)


WARM_UP_CODE = "import math\nfor i in range(3):\n    print(f'{i}: {math.sqrt(i):.2f}', sep='')\n"


_safe_run = False


def run_worker(req, scratch, report, guard):
    global _safe_run
    safe = _safe_run = req.get("security") == "safe"
    # The environment itself was scrubbed by the .NET side; only the per-run scratch is set here.
    os.environ["TMPDIR"] = scratch
    os.environ["MPLCONFIGDIR"] = scratch
    if req.get("home_is_scratch") == "1":
        os.environ["HOME"] = scratch
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = scratch
    cwd = req.get("cwd") or scratch
    try:
        os.chdir(cwd)
    except OSError:
        os.chdir(scratch)
    sys.path[:] = [cwd] + split_list(req.get("path"))
    sys.argv[:] = ["main.py"]
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if safe:
        apply_limits(req)
    source = req["code"]
    if safe and req.get("static_policy", "1") == "1":
        violation = check_policy(source)
        if violation is not None:
            report.violation(*violation, layer="static-policy")
            os._exit(EXIT_VIOLATION)
    try:
        code = compile(source, USER_FILE, "exec", dont_inherit=True)
    except SyntaxError:
        _print_exception(source)
        report.write({"exc": "SyntaxError"})
        _finish(1)
    scope = {"__name__": "__main__", "__doc__": None}
    if safe:
        guard.arm(req, scratch, scope)
    else:
        scope["__builtins__"] = __builtins__
    exit_code = 0
    try:
        exec(code, scope)
    except SystemExit as stop:
        exit_code = _exit_code_of(stop)
    except BaseException as error:  # noqa: the user's exception, reported as Python would
        report.write({"exc": type(error).__name__})
        del error
        scope.clear()  # frees what the program held (after a MemoryError, printing needs memory)
        try:
            _print_exception(source)
        except MemoryError:
            os.write(2, b"MemoryError\n")
        exit_code = 1
    _finish(exit_code)


def _exit_code_of(stop):
    if stop.code is None:
        return 0
    if isinstance(stop.code, int):
        return stop.code & 0xFF
    try:
        print(stop.code, file=sys.stderr)
    except Exception:
        pass
    return 1


def _finish(code):
    """Ends the worker. It tells its supervisor first and closes its pipes, so that the result can go out without
    waiting for the kernel to tear a large forked process down."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    if not _safe_run:  # SAFE code cannot start processes; the server sweeps orphans after every worker anyway
        leftovers = children_of_self()
        if leftovers is None or leftovers:
            kill_tree([os.getpid()], os.getpid())  # what the program left running (as our session, or our orphans)
    try:
        os.write(3, b"done=%d\n" % code)
    except OSError:
        pass
    for fd in (1, 2, 3):
        try:
            os.close(fd)
        except OSError:
            pass
    os._exit(code)


def _print_exception(source):
    import linecache
    linecache.cache[USER_FILE] = (len(source), None, source.splitlines(True), USER_FILE)
    import traceback
    etype, value, tb = sys.exc_info()
    # Hide the runner's own frame: the traceback starts at the user's code.
    while tb is not None and tb.tb_frame.f_code.co_filename != USER_FILE:
        tb = tb.tb_next
    sys.stderr.write("".join(traceback.format_exception(etype, value, tb)))


class StatusPipe:
    """The worker's private line to its supervisor for structured facts (violations, exception type)."""

    def __init__(self, fd):
        self.fd = fd

    def write(self, fields):
        data = encode_fields(fields)
        try:
            os.write(self.fd, data)
        except OSError:
            pass

    def violation(self, rule, line, message, detail="", layer="runtime-guard"):
        self.write({"status": "violation", "rule": rule, "line": line, "message": message, "detail": detail, "layer": layer})


def apply_limits(req):
    def limit(kind, key):
        value = int(req.get(key, "0"))
        if value > 0:
            resource.setrlimit(kind, (value, value))
    limit(resource.RLIMIT_AS, "mem")
    cpu = int(req.get("cpu", "0"))
    if cpu > 0:
        # SIGXCPU at the soft limit (a clear cause); SIGKILL one second later if it is ignored.
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    limit(resource.RLIMIT_FSIZE, "fsize")
    limit(resource.RLIMIT_NOFILE, "nofile")
    limit(resource.RLIMIT_NPROC, "nproc")

# ---------------------------------------------------------------------------- static policy

BLOCKED_MODULES = {
    "subprocess": "running other programs", "_posixsubprocess": "running other programs",
    "pty": "running other programs", "multiprocessing": "starting processes",
    "socket": "network access", "_socket": "network access", "ssl": "network access",
    "socketserver": "network access", "http": "network access", "urllib3": "network access",
    "requests": "network access", "httpx": "network access", "aiohttp": "network access",
    "ftplib": "network access", "smtplib": "network access", "poplib": "network access",
    "imaplib": "network access", "telnetlib": "network access", "xmlrpc": "network access",
    "webbrowser": "network access", "ctypes": "native code", "_ctypes": "native code", "cffi": "native code",
    "importlib": "import tricks", "imp": "import tricks", "pkgutil": "import tricks",
    "zipimport": "import tricks", "runpy": "dynamic code", "code": "dynamic code", "codeop": "dynamic code",
    "marshal": "dynamic code", "pickle": "dynamic code", "_pickle": "dynamic code", "shelve": "dynamic code",
    "dill": "dynamic code", "cloudpickle": "dynamic code", "builtins": "interpreter internals",
    "gc": "interpreter internals", "inspect": "interpreter internals", "posix": "interpreter internals",
    "sys._getframe": "interpreter internals", "signal": "signals and process control",
    "resource": "changing resource limits", "pdb": "dynamic code", "bdb": "dynamic code",
    "__main__": "interpreter internals",  # that is the runner itself, not the user's code
}
# Blocked modules that other (allowed) modules hold as attributes, e.g. asyncio.base_events.subprocess.
MODULE_ATTRS = {"subprocess", "_posixsubprocess", "socket", "_socket", "ctypes", "_ctypes", "pty",
                "multiprocessing", "marshal", "pickle", "_pickle", "builtins", "gc", "inspect", "importlib", "posix"}
BLOCKED_SUBMODULES = {"urllib.request": "network access", "urllib.response": "network access",
                      "concurrent.futures.process": "starting processes", "asyncio.subprocess": "running other programs"}
BLOCKED_BUILTINS = {
    "eval": "dynamic code", "exec": "dynamic code", "compile": "dynamic code", "__import__": "import tricks",
    "breakpoint": "dynamic code", "globals": "interpreter internals", "vars": "interpreter internals",
    "locals": "interpreter internals",
}
BLOCKED_ATTRS = {
    "__subclasses__", "__globals__", "__builtins__", "__code__", "__closure__", "__bases__", "__base__",
    "__mro__", "mro", "__dict__", "__getattribute__", "__reduce__", "__reduce_ex__", "__loader__", "__spec__",
    "__import__", "__self__", "__func__", "__traceback__", "__objclass__", "__init_subclass__",
    "__class_getitem__", "__set_name__", "__setstate__", "__defaults__", "__kwdefaults__",
    "f_globals", "f_locals", "f_builtins", "f_back", "f_code", "f_trace", "gi_frame", "gi_code",
    "gi_yieldfrom", "cr_frame", "cr_code", "cr_await", "ag_frame", "ag_code", "tb_frame", "tb_next",
    "co_code", "co_consts", "func_globals", "_getframe", "_current_frames",
}
BLOCKED_NAMES = {"__builtins__", "__loader__", "__spec__", "__import__", "__build_class__", "__builtin__"}
MODULE_MEMBERS = {
    "os": {
        "system": "running other programs", "popen": "running other programs",
        "fork": "starting processes", "forkpty": "starting processes", "posix_spawn": "running other programs",
        "posix_spawnp": "running other programs", "kill": "signals and process control",
        "killpg": "signals and process control", "remove": "deleting files", "unlink": "deleting files",
        "rmdir": "deleting files", "removedirs": "deleting files", "rename": "renaming files",
        "renames": "renaming files", "replace": "renaming files", "chmod": "changing permissions",
        "fchmod": "changing permissions", "lchmod": "changing permissions", "chown": "changing permissions",
        "fchown": "changing permissions", "lchown": "changing permissions", "truncate": "writing files",
        "ftruncate": "writing files", "link": "writing files", "symlink": "writing files",
        "mkfifo": "writing files", "mknod": "writing files", "setuid": "process control", "setgid": "process control",
        "chroot": "process control", "plock": "process control", "startfile": "running other programs",
    },
    "sys": {"modules": "interpreter internals", "settrace": "interpreter internals",
            "setprofile": "interpreter internals", "addaudithook": "interpreter internals",
            "meta_path": "import tricks", "path_hooks": "import tricks", "path_importer_cache": "import tricks",
            "breakpointhook": "dynamic code"},
    "shutil": {"rmtree": "deleting files", "move": "renaming files", "chown": "changing permissions",
               "unpack_archive": "writing files"},
}
for _name in ("execl", "execle", "execlp", "execlpe", "execv", "execve", "execvp", "execvpe", "spawnl",
              "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe"):
    MODULE_MEMBERS["os"][_name] = "running other programs"
METHOD_WRITES = {"write_text", "write_bytes", "touch", "unlink", "rmdir", "symlink_to", "hardlink_to",
                 "lchmod", "extractall"}
WHAT = {
    "running other programs": "running other programs or a shell is not allowed",
    "starting processes": "starting new processes is not allowed",
    "network access": "network access is not allowed",
    "native code": "native code (ctypes/cffi) is not allowed",
    "import tricks": "dynamic or indirect imports are not allowed",
    "dynamic code": "building and running code at run time (eval/exec/compile/pickle) is not allowed",
    "interpreter internals": "reaching into interpreter internals (frames, globals, builtins, modules) is not allowed",
    "signals and process control": "signals and process control are not allowed",
    "process control": "signals and process control are not allowed",
    "changing resource limits": "changing resource limits is not allowed",
    "deleting files": "deleting files is not allowed",
    "reading secrets": "reading the user's home directory, key files or other processes' data is not allowed",
    "renaming files": "renaming or moving files is not allowed",
    "changing permissions": "changing file permissions or owners is not allowed",
    "writing files": "writing files is not allowed",
}
RULES = {
    "running other programs": "no-subprocess", "starting processes": "no-subprocess",
    "network access": "no-network", "native code": "no-native-code", "import tricks": "no-import-tricks",
    "dynamic code": "no-dynamic-code", "interpreter internals": "no-introspection",
    "signals and process control": "no-process-control", "process control": "no-process-control",
    "changing resource limits": "no-process-control", "deleting files": "no-file-write",
    "renaming files": "no-file-write", "changing permissions": "no-file-write", "writing files": "no-file-write",
    "reading secrets": "no-secret-read",
}
HINT = " In SAFE mode, compute the result in Python and print it."


def _violation(category, line, what):
    message = f"Line {line}: {what}: {WHAT[category]} in SAFE mode.{HINT}"
    return RULES[category], line, message, what


def _dotted(node):
    parts = []
    while type(node).__name__ == "Attribute":
        parts.append(node.attr)
        node = node.value
    if type(node).__name__ == "Name":
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _is_dunder(name):
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _module_rule(name):
    if name in BLOCKED_SUBMODULES:
        return BLOCKED_SUBMODULES[name]
    for prefix, category in BLOCKED_SUBMODULES.items():
        if name.startswith(prefix + "."):
            return category
    return BLOCKED_MODULES.get(name.split(".")[0])


def _format_escape(text):
    """True when a string could drive str.format into attribute walks ("{0.__class__}")."""
    start = text.find("{")
    while start != -1:
        end = text.find("}", start)
        if end == -1:
            return False
        if ".__" in text[start:end] or "._" in text[start:end]:
            return True
        start = text.find("{", end)
    return False


def _write_mode(call):
    mode = None
    if len(call.args) > 1:
        mode = call.args[1]
    for kw in call.keywords:
        if kw.arg == "mode":
            mode = kw.value
    if mode is None:
        return False
    if type(mode).__name__ != "Constant" or not isinstance(mode.value, str):
        return True  # a mode computed at run time is treated as a write
    return any(c in mode.value for c in "wax+")


def check_policy(source):
    """Returns (rule, line, message, detail) for the first violation, or None."""
    try:
        tree = compile(source, USER_FILE, "exec", 0x400, dont_inherit=True)  # PyCF_ONLY_AST
    except (SyntaxError, ValueError):
        return None  # compiled again later, where the error is reported as Python would
    aliases = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        kind = type(node).__name__
        line = getattr(node, "lineno", 0)
        found = None
        if kind == "Import":
            for alias in node.names:
                category = _module_rule(alias.name)
                if category:
                    return _violation(category, line, f"importing '{alias.name}'")
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    aliases[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif kind == "ImportFrom" and node.module and not node.level:
            category = _module_rule(node.module)
            if category:
                return _violation(category, line, f"importing from '{node.module}'")
            members = MODULE_MEMBERS.get(node.module, {})
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                category = members.get(alias.name) or _module_rule(full)
                if category:
                    return _violation(category, line, f"importing '{full}'")
                if _is_dunder(alias.name) or alias.name in BLOCKED_ATTRS:
                    return _violation("interpreter internals", line, f"importing '{full}'")
                aliases[alias.asname or alias.name] = full
        elif kind == "Name":
            if node.id in BLOCKED_NAMES or (_is_dunder(node.id) and node.id not in ("__name__", "__doc__", "__file__", "__debug__")):
                found = ("interpreter internals", f"using '{node.id}'")
            elif node.id in BLOCKED_BUILTINS and node.id not in aliases:
                found = (BLOCKED_BUILTINS[node.id], f"using '{node.id}'")
        elif kind == "Attribute":
            if node.attr in BLOCKED_ATTRS or node.attr.startswith("_getframe"):
                found = ("interpreter internals", f"accessing '.{node.attr}'")
            elif node.attr in MODULE_ATTRS:
                found = (BLOCKED_MODULES[node.attr], f"reaching module '{node.attr}' through '.{node.attr}'")
            else:
                dotted = _dotted(node.value)
                module = aliases.get(dotted, dotted) if dotted else None
                if module and "." in module and module.rsplit(".", 1)[1] in ("os", "sys", "shutil"):
                    module = module.rsplit(".", 1)[1]  # e.g. os.sys.modules, logging.os.system
                if module in MODULE_MEMBERS and node.attr in MODULE_MEMBERS[module]:
                    found = (MODULE_MEMBERS[module][node.attr], f"using '{module}.{node.attr}'")
                elif module == "sys" and node.attr.startswith("_"):
                    found = ("interpreter internals", f"using 'sys.{node.attr}'")
                elif module and _module_rule(f"{module}.{node.attr}"):
                    found = (_module_rule(f"{module}.{node.attr}"), f"using '{module}.{node.attr}'")
        elif kind == "Call":
            found = _check_call(node)
        elif kind == "Constant" and isinstance(node.value, str):
            text = node.value
            if text in BLOCKED_ATTRS or text in BLOCKED_NAMES:
                found = ("interpreter internals", f"the string '{text}'")
            elif _format_escape(text):
                found = ("interpreter internals", "a format string that walks attributes")
        if found:
            return _violation(found[0], line, found[1])
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, list):
                stack.extend(v for v in value if hasattr(v, "_fields"))
            elif hasattr(value, "_fields"):
                stack.append(value)
    return None


def _check_call(node):
    func = node.func
    name = func.id if type(func).__name__ == "Name" else func.attr if type(func).__name__ == "Attribute" else None
    if name in ("getattr", "setattr", "delattr", "hasattr", "attrgetter", "methodcaller"):
        if len(node.args) < (1 if name in ("attrgetter", "methodcaller") else 2):
            return None
        attr = node.args[0] if name in ("attrgetter", "methodcaller") else node.args[1]
        if type(attr).__name__ != "Constant" or not isinstance(attr.value, str):
            return ("interpreter internals", f"'{name}' with an attribute name computed at run time")
        if _is_dunder(attr.value) or attr.value in BLOCKED_ATTRS or attr.value.startswith("_"):
            return ("interpreter internals", f"'{name}' of '{attr.value}'")
    elif name == "open" and _write_mode(node):
        return ("writing files", "open() for writing")
    elif name in METHOD_WRITES and type(func).__name__ == "Attribute":
        category = "deleting files" if name in ("unlink", "rmdir") else "writing files"
        return (category, f"calling '.{name}()'")
    elif name in ("timeit", "repeat", "Timer") and node.args:
        first = node.args[0]
        if type(first).__name__ == "Constant" and isinstance(first.value, str):
            return ("dynamic code", f"'{name}' of a code string")
    return None

# ---------------------------------------------------------------------------- runtime guard

SOCKET_FAMILY_UNIX = 1
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
PATH_EVENTS = {
    "os.remove": "deleting files", "os.rmdir": "deleting files", "os.rename": "renaming files",
    "os.chmod": "changing permissions", "os.chown": "changing permissions", "os.chflags": "changing permissions",
    "os.lchflags": "changing permissions", "os.truncate": "writing files", "os.utime": "writing files",
    "os.link": "writing files", "os.symlink": "writing files", "os.mkdir": "writing files",
    "os.setxattr": "writing files", "os.removexattr": "writing files", "shutil.rmtree": "deleting files",
}
DENIED_EVENTS = {
    "os.system": "running other programs", "os.exec": "running other programs",
    "os.posix_spawn": "running other programs", "os.spawn": "running other programs",
    "os.startfile": "running other programs", "subprocess.Popen": "running other programs",
    "os.fork": "starting processes", "os.forkpty": "starting processes",
    "os.kill": "signals and process control", "os.killpg": "signals and process control",
    "signal.pthread_kill": "signals and process control", "resource.setrlimit": "changing resource limits",
    "resource.prlimit": "changing resource limits", "sys.addaudithook": "interpreter internals",
    "sys.settrace": "interpreter internals", "sys.setprofile": "interpreter internals",
    "socket.bind": "network access", "socket.connect": "network access", "socket.getaddrinfo": "network access",
    "socket.gethostbyname": "network access", "socket.gethostbyaddr": "network access",
    "socket.gethostname": "network access", "socket.getnameinfo": "network access",
    "socket.sendto": "network access", "socket.sethostname": "network access",
    "socket.sendmsg": "network access", "socket.getservbyname": "network access",
    "socket.getservbyport": "network access", "os.setuid": "process control", "pty.spawn": "running other programs",
}
USER_ONLY_EVENTS = {
    "exec": "dynamic code", "compile": "dynamic code", "code.__new__": "dynamic code",
    "function.__new__": "dynamic code", "marshal.loads": "dynamic code", "marshal.load": "dynamic code",
    "sys._getframe": "interpreter internals", "sys._current_frames": "interpreter internals",
    "gc.get_objects": "interpreter internals", "gc.get_referrers": "interpreter internals",
    "gc.get_referents": "interpreter internals", "object.__getattr__": "interpreter internals",
    "object.__setattr__": "interpreter internals", "object.__delattr__": "interpreter internals",
}
PICKLE_SAFE = {"builtins", "collections", "datetime", "decimal", "fractions", "copyreg", "numpy",
               "numpy.core.multiarray", "pandas", "_codecs"}


class Guard:
    """The PEP 578 audit hook that ends a SAFE run on any forbidden event. It is installed, disarmed, before the
    request arrives (so a run does not pay for it); `arm` gives it the run's paths and turns it on."""

    def __init__(self, report):
        self.state, self.config, self.builtins = _build_guard(report)

    def arm(self, req, scratch, scope):
        realpath = os.path.realpath
        config = self.config
        config["scratch_root"] = realpath(scratch) + "/"
        deny_roots, allow_roots = read_roots(req)
        config["deny_roots"] = deny_roots
        config["allow_roots"] = allow_roots + [config["scratch_root"]]
        config["secret_names"] = {"apikey.txt"} | set(split_list(req.get("secret_names")))
        config["my_proc"] = f"/proc/{os.getpid()}/"
        scope["__builtins__"] = self.builtins
        if any(name in sys.modules for name in HARD_BLOCKED):
            for name in [n for n in sys.modules if n.split(".")[0] in HARD_BLOCKED]:
                del sys.modules[name]
        self.state["armed"] = True


HARD_BLOCKED = {"ctypes", "_ctypes", "cffi"}  # no stdlib module needs these at import time


def _build_guard(report):
    realpath = os.path.realpath
    readlink = os.readlink
    getframe = sys._getframe
    flush = _finish
    config = {}
    state = {"busy": False, "armed": False}
    hard_blocked = HARD_BLOCKED

    def user_line():
        frame = getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == USER_FILE:
                return frame.f_lineno
            frame = frame.f_back
        return 0

    def caller_is_user():
        frame = getframe(2)
        return frame is not None and frame.f_code.co_filename == USER_FILE

    def deny(category, what):
        line = user_line()
        report.violation(RULES[category], line, f"Line {line}: {what}: {WHAT[category]} in SAFE mode.{HINT}", what)
        flush(EXIT_VIOLATION)

    def resolve(path, dir_fd=None):
        if isinstance(path, int):
            return None
        if isinstance(path, bytes):
            path = path.decode("utf-8", "surrogateescape")
        path = os.fspath(path)
        if dir_fd is not None and not path.startswith("/"):
            try:
                path = readlink(f"/proc/self/fd/{dir_fd}") + "/" + path
            except OSError:
                pass
        return realpath(path)

    def in_roots(path, roots):
        probe = path.rstrip("/") + "/"
        return any(probe.startswith(root) for root in roots)

    def check_write(path, what, category="writing files"):
        if path is None or path == "/dev/null":
            return
        if not in_roots(path, [config["scratch_root"]]):
            deny(category, f"{what} '{path}'")

    def check_read(path, what):
        if path is None:
            return
        name = path.rsplit("/", 1)[-1]
        if name in config["secret_names"] or name.endswith("_api_key.txt"):
            deny("reading secrets", f"{what} '{path}'")
        if path.startswith("/proc/") and not path.startswith(config["my_proc"]) and not path.startswith("/proc/self/"):
            part = path[6:].split("/", 1)[0]
            if part.isdigit() or part == "thread-self":
                deny("reading secrets", f"{what} '{path}'")
        if in_roots(path, config["deny_roots"]) and not in_roots(path, config["allow_roots"]):
            deny("reading secrets", f"{what} '{path}'")

    def hook(event, args):
        if state["busy"] or not state["armed"]:
            return
        state["busy"] = True
        try:
            if event == "open":
                path, mode, flags = args
                target = resolve(path)
                writing = (mode is not None and any(c in mode for c in "wax+")) or (mode is None and flags & WRITE_FLAGS)
                if writing:
                    check_write(target, "writing to")
                else:
                    check_read(target, "reading")
            elif event in ("os.listdir", "os.scandir"):
                check_read(resolve(args[0] if args[0] is not None else "."), "listing")
            elif event in PATH_EVENTS:
                category = PATH_EVENTS[event]
                if event == "os.rename":
                    check_write(resolve(args[0], args[2]), "renaming", category)
                    check_write(resolve(args[1], args[3]), "renaming to", category)
                elif event in ("os.link", "os.symlink"):
                    check_write(resolve(args[1], args[-1] if isinstance(args[-1], int) else None), "linking", category)
                else:
                    dir_fd = args[-1] if event in ("os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown") and isinstance(args[-1], int) else None
                    check_write(resolve(args[0], dir_fd), event.split(".")[1], category)
            elif event in DENIED_EVENTS:
                deny(DENIED_EVENTS[event], f"'{event}'")
            elif event == "socket.__new__":
                if args[1] != SOCKET_FAMILY_UNIX:
                    deny("network access", "creating a network socket")
            elif event == "import":
                if args[0].split(".")[0] in hard_blocked:
                    deny("native code", f"importing '{args[0]}'")
            elif event.startswith("ctypes."):
                deny("native code", f"'{event}'")
            elif event == "sqlite3.connect":
                database = args[0]
                if isinstance(database, (str, bytes, os.PathLike)):
                    text = os.fsdecode(database)
                    if text not in (":memory:", "") and "mode=memory" not in text and "mode=ro" not in text:
                        check_write(resolve(text), "opening the database")
            elif event == "pickle.find_class":
                if args[0] not in PICKLE_SAFE and args[0].split(".")[0] not in PICKLE_SAFE:
                    deny("dynamic code", f"unpickling '{args[0]}.{args[1]}'")
            elif event in USER_ONLY_EVENTS and caller_is_user():
                if event.startswith("object.") and not _restricted_attr(args[1]):
                    return
                deny(USER_ONLY_EVENTS[event], f"'{event}'")
        finally:
            state["busy"] = False

    real_import = __import__

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0:
            category = _module_rule(name)
            if category is None:
                for item in fromlist or ():
                    category = _module_rule(f"{name}.{item}") or MODULE_MEMBERS.get(name, {}).get(item)
                    if category:
                        break
            if category is not None:
                report.violation(RULES[category], user_line_from_import(), f"importing '{name}': {WHAT[category]} in SAFE mode.{HINT}", name)
                flush(EXIT_VIOLATION)
        return real_import(name, globals, locals, fromlist, level)

    def user_line_from_import():
        frame = getframe(1)
        while frame is not None and frame.f_code.co_filename != USER_FILE:
            frame = frame.f_back
        return frame.f_lineno if frame is not None else 0

    builtins_copy = dict(__builtins__ if isinstance(__builtins__, dict) else __builtins__.__dict__)
    builtins_copy["__import__"] = guarded_import
    for name in ("__loader__", "__spec__", "breakpoint"):
        builtins_copy.pop(name, None)
    # The runner's own exec() of the user's module passes: its caller is the runner, not user code.
    sys.addaudithook(hook)
    return state, config, builtins_copy


_roots_cache = {}


def read_roots(req):
    """The resolved deny and allow roots of a request; cached, so a fork server resolves them once."""
    key = (req.get("deny_read", ""), req.get("allow_read", ""))
    if key not in _roots_cache:
        resolve = os.path.realpath
        _roots_cache[key] = ([resolve(p).rstrip("/") + "/" for p in split_list(key[0])],
                             [resolve(p).rstrip("/") + "/" for p in split_list(key[1])])
    return _roots_cache[key]


def warm_up():
    """Work every run would repeat, done once before any request: CPython builds its AST types on first use."""
    compile("0", USER_FILE, "exec", 0x400, dont_inherit=True)


def _restricted_attr(name):
    return name in BLOCKED_ATTRS or name.startswith(("f_", "gi_", "cr_", "ag_", "tb_", "co_")) or name == "__code__"

# ---------------------------------------------------------------------------- entry points

class Server:
    """The runner's event loop: requests come in framed on `in_fd`; each goes to a worker forked ahead of it; the
    output of every run in flight is relayed from here. In `once` mode it serves one request, and its end (or the
    request pipe closing) ends the process."""

    def __init__(self, in_fd, out_fd, once):
        self.in_fd, self.out_fd, self.once = in_fd, out_fd, once
        self.poller = select.poll()
        self.poller.register(in_fd, select.POLLIN | select.POLLHUP)
        self.runs = {}        # fd -> Run
        self.by_id = {}       # run id -> Run
        self.exiting = {}     # pidfd -> worker pid: reported runs whose worker is still exiting
        self.spare = None
        self.accepting = True

    def prepare(self):
        if self.spare is None and self.accepting:
            self.spare = Worker([self.in_fd, self.out_fd])
            _known_children.add(self.spare.pid)

    def loop(self):
        while self.accepting or self.by_id or self.exiting:
            timers = [run.timer() for run in self.by_id.values()]
            now = _monotonic_us()
            timeout = max(0, (min(timers) - now) // 1000 + 1) if timers else -1
            events = self.poller.poll(timeout)
            for fd, _event in events:
                if fd == self.in_fd:
                    self.on_request()
                elif fd in self.runs:
                    self.runs[fd].on_event(fd)
                elif fd in self.exiting:
                    self.reaped(fd)
            now = _monotonic_us()
            for run_id, run in list(self.by_id.items()):
                run.on_timer(now)
                if run.done():
                    self.complete(run_id, run)
            self.prepare()
        if self.spare is not None:
            self.spare.discard()

    def on_request(self):
        payload = read_frame(self.in_fd)
        if payload is None:
            # The .NET side is gone: every run in flight is killed, and the loop ends once they are reported.
            self.poller.unregister(self.in_fd)
            self.accepting = False
            for run in self.by_id.values():
                run.cancelled = True
                run.stop()
            return
        req = decode_request(payload)
        run_id = req.get("id", "0")
        if req.get("kind") == "cancel":
            run = self.by_id.get(run_id)
            if run is not None:
                run.cancelled = True
                run.stop()
            return
        if req.get("security") == "safe":
            read_roots(req)  # cached: the workers forked from now on inherit the resolved paths
        self.prepare()
        worker, self.spare = self.spare, None
        chan = Channel(self.out_fd, int(run_id))
        try:
            run = Run(worker, req, chan, self.poller)
        except Exception as error:  # noqa: a runner fault must still produce a result
            worker.discard()
            _known_children.discard(worker.pid)
            chan.result({"status": "internal", "message": f"The sandbox runner failed: {type(error).__name__}: {error}"})
            return
        self.by_id[run_id] = run
        for fd in (worker.out_r, worker.err_r, worker.st_r, worker.pidfd):
            self.runs[fd] = run
        if self.once:
            self.accepting = self.accepting and False

    def complete(self, run_id, run):
        del self.by_id[run_id]
        for fd in (run.worker.out_r, run.worker.err_r, run.worker.st_r, run.worker.pidfd):
            self.runs.pop(fd, None)
        try:
            run.finish()
        except Exception as error:  # noqa: a runner fault must still produce a result
            run.chan.result({"status": "internal", "message": f"The sandbox runner failed: {type(error).__name__}: {error}"})
        pidfd = run.exiting()
        if pidfd is None:
            _known_children.discard(run.worker.pid)
        else:
            # Reaped when its exit is reported, without holding up the next request.
            self.exiting[pidfd] = run.worker.pid
            self.poller.register(pidfd, select.POLLIN)

    def reaped(self, pidfd):
        pid = self.exiting.pop(pidfd)
        self.poller.unregister(pidfd)
        os.close(pidfd)
        wait_for(pid)
        _known_children.discard(pid)
        sweep_orphans()


def main():
    in_fd = os.dup(0)
    out_fd = os.dup(1)
    null = os.open("/dev/null", os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    once = len(sys.argv) < 2 or sys.argv[1] != "serve"
    global _own_namespace
    _own_namespace = once and "--pid-namespace" in sys.argv
    become_subreaper()
    if not once:
        for module in split_list(os.environ.pop("GENAI_PRELOAD", "").replace(",", "\x1f")):
            try:
                __import__(module)
            except Exception:  # noqa: a module missing from this Python is simply not preloaded
                pass
    warm_up()
    import gc
    gc.freeze()  # what the server holds stays out of every child's collections (and its pages stay shared)
    server = Server(in_fd, out_fd, once)
    server.prepare()  # before the hello: a prestarted runner has its worker ready while it waits
    Channel(out_fd, 0).send(b"H", f"pid={os.getpid()}\n".encode())
    server.loop()
    if _own_namespace:
        kill_tree([], 0)  # the namespace is the run's: nothing in it outlives the runner


if __name__ == "__main__":
    main()
