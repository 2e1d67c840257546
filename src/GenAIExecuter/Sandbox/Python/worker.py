# Part of the GenAI Executer runner: The worker: sets itself up before its request arrives, then applies the limits, the policy and the guard, and runs the code.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).

AREA_SOCKET_FD = 5  # the worker's end of a socket pair with the server: it sends its output area's descriptor there


def worker_main(parent, out_w, err_w, st_w, req_r, area_w, warm_for=()):
    """The worker: its own session, stdio on the run's pipes; then it waits for its one request and runs it."""
    # First, hold nothing of the server's: no other run's pipes, no request pipe of the worker before it.
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(st_w, 3)
    os.dup2(req_r, 4)
    os.dup2(area_w, AREA_SOCKET_FD)
    os.closerange(AREA_SOCKET_FD + 1, 65536)
    die_with_parent(parent)  # a worker never outlives its server, even where no PID namespace would end it
    os.setsid()
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
    kernel = KernelLayers()
    check_policy(WARM_UP_CODE)
    compile(WARM_UP_CODE, USER_FILE, "exec", dont_inherit=True)
    warm(warm_for)  # what the runs before this one used (the data stack, charts): their first touches, paid now
    # The request is framed (length first), so it is complete without waiting for every copy of the pipe to close.
    payload = read_frame(4)
    os.close(4)
    if payload is None:
        os._exit(0)  # never used: the runner is shutting down
    req = decode_request(payload)
    report.write({"uses": uses_of(req.get("code", ""))})
    run_worker(req, req["scratch"], report, guard, kernel)


WARM_UP_CODE = "import math\nfor i in range(3):\n    print(f'{i}: {math.sqrt(i):.2f}', sep='')\n"


_safe_run = False
_area = None  # the working directory, when the run has a private output area over it


def run_worker(req, scratch, report, guard, kernel):
    global _safe_run, _area
    safe = _safe_run = req.get("security") == "safe"
    # The environment itself was scrubbed by the .NET side; only the per-run scratch is set here.
    os.environ["TMPDIR"] = scratch
    os.environ["MPLCONFIGDIR"] = scratch
    if req.get("home_is_scratch") == "1":
        os.environ["HOME"] = scratch
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = scratch
    if safe:
        try:
            no_area = kernel.enter_scratch(req, scratch)
        except OSError as error:
            report.write({"status": "internal", "message": f"The private scratch of SAFE mode could not be made: {error}"})
            os._exit(EXIT_KERNEL)
        _area = kernel.area
        if _area is not None:
            try:
                hand_over_area(kernel)
            except OSError as error:  # the run's files could never be collected: it does not run at all
                report.write({"status": "internal", "message": f"The output area could not be handed to the sandbox runner: {error}"})
                os._exit(EXIT_KERNEL)
        report.write({"area": "1"} if _area else {"no_area": no_area or ""})
    _close_quietly(AREA_SOCKET_FD)
    if req.get("inputs"):
        try:
            os.environ["GENAI_INPUTS"] = expose_inputs(req["inputs"], scratch, safe)
        except OSError as error:
            report.write({"status": "internal", "message": f"The input files could not be given to the code: {error}"})
            os._exit(EXIT_KERNEL)
    cwd = req.get("cwd") or scratch
    try:
        os.chdir(cwd)
    except OSError:
        os.chdir(scratch)
    sys.path[:] = [cwd] + split_list(req.get("path"))
    sys.argv[:] = ["main.py"]
    if "matplotlib" in sys.modules or os.environ.get("MPLBACKEND"):
        import warnings
        # Under the Agg backend plt.show() returns at once; it need not say that on stderr.
        warnings.filterwarnings("ignore", message=".*(non-GUI backend|non-interactive).*")
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if safe:
        apply_limits(req)
    source = req["code"]
    if safe and req.get("static_policy", "1") == "1":
        violation = check_policy(source, writable=_area is not None)
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
        try:
            kernel.apply(req, scratch)
        except Exception as error:  # noqa: any failure to apply a layer ends the run: never a weaker sandbox
            report.write({"status": "internal", "message": f"A kernel layer of SAFE mode could not be applied: {error}"})
            os._exit(EXIT_KERNEL)
    if _area is not None:
        capture_shown_figures(source)
    if safe and req.get("guard", "1") == "1":
        guard.arm(req, scratch, scope, _area)
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
    if _area is not None:
        save_open_figures()  # however the code ended: what it drew before it failed is kept too
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
    if req.get("mem_cgroup") != "1":
        limit(resource.RLIMIT_AS, "mem")  # where no cgroup holds the limit: the address space, a coarser measure
    cpu = int(req.get("cpu", "0"))
    if cpu > 0:
        # SIGXCPU at the soft limit (a clear cause); SIGKILL one second later if it is ignored.
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    limit(resource.RLIMIT_FSIZE, "fsize")
    limit(resource.RLIMIT_NOFILE, "nofile")
    limit(resource.RLIMIT_NPROC, "nproc")


def capture_shown_figures(source):
    """Figures passed to plt.show() become artifacts, as in a notebook: show saves every open figure into the output
    area (and leaves it open, as plain Python's Agg backend does). Under the Agg backend show() would only warn."""
    if "matplotlib.pyplot" not in sys.modules and "charts" not in uses_of(source):
        return
    try:
        import matplotlib.pyplot as pyplot
    except Exception:  # noqa: no matplotlib here
        return

    def show(*args, **kwargs):
        save_open_figures()
    pyplot.show = show


_figures_saved = 0
_saved_figures = {}  # id of a figure -> the figure, saved and unchanged since


def save_open_figures():
    """Saves each open figure that changed since it was last saved into the output area as figure-N.png (N counts the
    run's figures; a name the code used itself is passed over)."""
    global _figures_saved
    helpers = sys.modules.get("matplotlib._pylab_helpers")
    if helpers is None:
        return
    try:
        for manager in helpers.Gcf.get_all_fig_managers():
            figure = manager.canvas.figure
            if _saved_figures.get(id(figure)) is figure and not figure.stale:
                continue  # shown already, and not drawn on since
            _figures_saved += 1
            while os.path.lexists(f"figure-{_figures_saved}.png"):
                _figures_saved += 1
            figure.savefig(f"figure-{_figures_saved}.png", format="png")
            figure.stale = False
            _saved_figures[id(figure)] = figure
    except Exception as error:  # noqa: a figure that cannot be saved is reported, the run's result stands
        try:
            sys.stderr.write(f"genai: a figure could not be saved: {type(error).__name__}: {error}\n")
        except Exception:
            pass


def expose_inputs(staged, scratch, safe):
    """Where the code finds its input files (GENAI_INPUTS). A SAFE run with an output area sees them in the working
    directory, where the area's overlay shows them read-only; a SAFE run without one gets read-only copies in its
    scratch (the staging folder stays closed to it); a PERMISSIVE run reads them where the executer staged them."""
    if _area is not None:
        return _area
    if not safe:
        return staged
    folder = scratch + "/inputs"
    os.mkdir(folder, 0o700)
    for name in os.listdir(staged):
        source = os.open(f"{staged}/{name}", os.O_RDONLY | os.O_NOFOLLOW)
        try:
            target = os.open(f"{folder}/{name}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
            try:
                while chunk := os.read(source, 1 << 20):
                    os.write(target, chunk)
            finally:
                os.close(target)
        finally:
            os.close(source)
    return folder


def hand_over_area(kernel):
    """Sends the output area's descriptor to the server, which collects the run's files through it once the run is
    over, however it ended: the area outlives this process while the server holds it. The worker keeps none."""
    import _socket
    channel = _socket.socket(fileno=AREA_SOCKET_FD)
    try:
        channel.sendmsg([b"A"], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, kernel.area_fd.to_bytes(4, sys.byteorder))])
    finally:
        channel.detach()
    os.close(kernel.area_fd)
    kernel.area_fd = None


def _close_quietly(fd):
    try:
        os.close(fd)
    except OSError:
        pass
