# Part of the GenAI Executer runner: Process plumbing: finding, killing and reaping the processes of a run; the subreaper; scratch removal.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).

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
        if rest[0] != b"Z":  # a zombie holds nothing (no descriptors, no children) and needs no signal
            table[int(name)] = (int(rest[1]), int(rest[3]))  # ppid, session
    return table


_own_namespace = False  # once mode in a private PID namespace: every other process in it belongs to the run


def kill_tree(roots, session=0, rounds=50):
    """SIGKILLs the `roots`, their descendants and every process of `session` (in a private PID namespace of one
    run: every process but init and us), until none is left alive, or for the given number of rounds (one: signal
    and go on; the caller learns of the exits from their pidfds and pipes)."""
    me = os.getpid()
    for attempt in range(rounds):
        if attempt:
            select.select([], [], [], 0.002)  # a killed process needs the CPU to exit: do not spin while it gets it
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
    """Collects exited children, keeping their statuses for wait_for; but not workers. A worker is reaped by wait_for
    once its run is over: until then its pid (and so its session id, by which its run's processes are swept) cannot
    be taken by a new process."""
    children = children_of_self()
    if children is not None:
        for pid in children - _known_children:
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                continue
            if done:
                _reaped[done] = status
        return
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


def has_exited(pid):
    """Whether our child has exited, without reaping it (its pid stays taken until wait_for)."""
    if pid in _reaped:
        return True
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


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


_libc_handle = None


def libc():
    """The C library, for the few calls Python does not wrap (prctl, Landlock's system calls)."""
    global _libc_handle
    if _libc_handle is None:
        import ctypes  # noqa: only the trusted runner uses it, before any user code exists
        _libc_handle = ctypes.CDLL(None, use_errno=True)
    return _libc_handle


def prctl(*args):
    return libc().prctl(*args)


def become_subreaper():
    """Orphans of our descendants are re-parented to us (not to init), so we can still find and kill them."""
    prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def die_with_parent(parent):
    """SIGKILL when the parent (the server) dies; if it died before this took effect, exit now."""
    prctl(1, int(_signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(0)


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

