# Part of the GenAI Executer runner: The runtime guard: a PEP 578 audit hook that ends a SAFE run on any forbidden event.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).

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
    "sqlite3.enable_load_extension": "native code", "sqlite3.load_extension": "native code",
    "cpython.PyInterpreterState_New": "interpreter internals",  # a sub-interpreter has no audit hook of ours
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

    def arm(self, req, scratch, scope, area=None):
        realpath = os.path.realpath
        config = self.config
        config["scratch_root"] = realpath(scratch) + "/"
        # Writes may go to the scratch and, when the run has one, to its private output area over the working directory.
        config["write_roots"] = [config["scratch_root"]] + ([realpath(area).rstrip("/") + "/"] if area else [])
        deny_roots, allow_roots = read_roots(req)
        config["deny_roots"] = deny_roots
        config["allow_roots"] = allow_roots + [config["scratch_root"]]
        config["secret_names"] = {"apikey.txt"} | set(split_list(req.get("secret_names")))
        config["my_proc"] = f"/proc/{os.getpid()}/"
        # Where the kernel holds the boundary whoever makes the call, the guard judges the user's own calls only.
        config["trust_kernel"] = req.get("trust_kernel") == "1"
        scope["__builtins__"] = self.builtins
        if not config["trust_kernel"] and any(name in sys.modules for name in HARD_BLOCKED):
            for name in [n for n in sys.modules if n.split(".")[0] in HARD_BLOCKED]:
                del sys.modules[name]
        self.state["armed"] = True


HARD_BLOCKED = {"ctypes", "_ctypes", "cffi"}  # no stdlib module needs these at import time


def _build_guard(report):
    realpath = os.path.realpath
    readlink = os.readlink
    getframe = sys._getframe
    flush = _finish
    config = {"trust_kernel": False}
    state = {"busy": False, "armed": False}
    hard_blocked = HARD_BLOCKED

    def user_line():
        frame = getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == USER_FILE:
                return frame.f_lineno
            frame = frame.f_back
        return 0

    stdlib = os.path.dirname(os.__file__) + "/"
    runner_file = _build_guard.__code__.co_filename

    def library_step():
        """True when the event comes from an installed package (numpy, pandas...), not from the user's code: the
        first frame that is not the standard library's is a package's. The standard library acting for the user
        (shutil.copyfile, logging's file handler, a finalizer) is the user's own attempt."""
        frame = getframe(2)
        while frame is not None:
            name = frame.f_code.co_filename
            if name == USER_FILE or name == runner_file or (name.startswith("<") and not name.startswith("<frozen ")):
                return False  # the user's code, the runner, or code built from a string (timeit, exec): strict
            if name.startswith("<frozen ") or (name.startswith(stdlib) and "-packages/" not in name):
                frame = frame.f_back
                continue
            return True
        return False

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
        if not in_roots(path, config["write_roots"]):
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
            if config["trust_kernel"] and event != "pickle.find_class" and library_step():
                # A library's own step (numpy loading ctypes, pandas asking the platform, matplotlib looking for a
                # config folder): the kernel layers decide, and refuse with what the OS would say (EPERM, EACCES),
                # never a dead run. Unpickling code (below) is refused whoever asks.
                return
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

