# Part of the GenAI Executer runner: The event loop (once or serve) and the entry point.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).

class EventLoop:
    """The descriptors the server watches, each with its handler. A descriptor is forgotten in the same step that
    closes it, so a number the kernel hands out again can never reach the handler of the run that used it before."""

    def __init__(self):
        self.poller = select.poll()
        self.handlers = {}

    def watch(self, fd, handler):
        self.poller.register(fd, select.POLLIN | select.POLLHUP)
        self.handlers[fd] = handler

    def close(self, fd):
        if self.handlers.pop(fd, None) is not None:
            self.poller.unregister(fd)
        os.close(fd)

    def forget(self, fd):
        if self.handlers.pop(fd, None) is not None:
            self.poller.unregister(fd)

    def wait(self, timeout_ms):
        for fd, _event in self.poller.poll(timeout_ms):
            # Looked up at dispatch: a handler earlier in this batch may have closed the descriptor (and a new one
            # may have its number); every handler tolerates an event with nothing behind it.
            handler = self.handlers.get(fd)
            if handler is not None:
                handler(fd)


STARTS_PER_TURN = 2  # runs started between two reads of the request pipe
WARM_GAP_US = 150_000  # a worker is warmed only when requests come further apart than this: the warm-up must end first


class Server:
    """The runner's event loop: requests come in framed on `in_fd`; each goes to a worker forked ahead of it; the
    output of every run in flight is relayed from here. In `once` mode it serves one request, and its end (or the
    request pipe closing) ends the process."""

    def __init__(self, in_fd, out_fd, once, pinned, warm_ups):
        self.in_fd, self.out_fd, self.once, self.pinned = in_fd, out_fd, once, pinned
        self.loop = EventLoop()
        self.loop.watch(in_fd, self.on_request)
        self.by_id = {}       # run id -> Run
        self.exiting = {}     # pidfd -> Worker: reported runs whose worker is still exiting
        self.spare = None
        self.accepting = True
        self.pending = []     # run requests read but not yet started, oldest first
        self.warm_ups = warm_ups  # the warm-ups this server's preloads allow
        self.warm_for = []    # what the last run used: the next worker is warmed for it, while the server has time to spare
        self.idle_since = _monotonic_us()  # when the server last had no run in flight
        self.last_gap_us = WARM_GAP_US  # how long it was idle before the last request: the time a warm-up can expect

    def prepare(self):
        if self.spare is None and self.accepting:
            # A warm-up costs more than it saves, and pays only when it ends before the request comes: when runs come
            # one at a time with pauses between them (an agent waits for its model between calls), never under load.
            spare_time = not self.by_id or (len(self.by_id) == 1 and self.last_gap_us >= WARM_GAP_US)
            self.spare = Worker([kind for kind in self.warm_for if kind in self.warm_ups] if spare_time else ())
            _known_children.add(self.spare.pid)

    def loop_forever(self):
        while self.accepting or self.by_id or self.exiting or self.pending:
            timers = [run.timer() for run in self.by_id.values()]
            now = _monotonic_us()
            self.loop.wait(0 if self.pending else max(0, (min(timers) - now) // 1000 + 1) if timers else -1)
            # A few runs start per turn (each costs a fork): requests that came meanwhile, cancellations above all,
            # are read between them.
            for _ in range(min(len(self.pending), STARTS_PER_TURN)):
                self.start(self.pending.pop(0))
            now = _monotonic_us()
            for run_id, run in list(self.by_id.items()):
                run.on_timer(now)
                if run.done():
                    self.complete(run_id, run)
            self.prepare()
        if self.spare is not None:
            self.spare.discard()

    def on_request(self, fd):
        """Reads every request waiting in the pipe. Runs join the queue of runs to start; a cancellation acts at once,
        whether its run is in flight or still queued (then it is never started)."""
        batch = [read_frame(fd)]
        while batch[-1] is not None and len(batch) < 256 and select.select([fd], [], [], 0)[0]:
            batch.append(read_frame(fd))
        for payload in batch:
            if payload is None:
                break
            req = decode_request(payload)
            if req.get("kind") != "cancel":
                self.pending.append(req)
                continue
            run_id = req.get("id", "0")
            run = self.by_id.get(run_id)
            if run is not None:
                run.cancelled = True
                run.stop()
            for queued in [q for q in self.pending if q.get("id", "0") == run_id]:
                self.pending.remove(queued)
                self.refuse(queued, {"status": "cancelled"})
        if batch[-1] is None:
            # The .NET side is gone: every run in flight is killed, and the loop ends once they are reported.
            self.loop.forget(fd)
            self.accepting = False
            for queued in self.pending:
                self.refuse(queued, {"status": "internal", "message": "The sandbox's request pipe closed before the run started."})
            self.pending.clear()
            for run in self.by_id.values():
                run.host_gone = True
                run.stop()

    def refuse(self, req, fields):
        """Reports a run that never started: nothing ran, nothing was written."""
        Channel(self.out_fd, int(req.get("id", "0"))).result(dict(fields, exit=0, out_bytes=0, err_bytes=0))

    def start(self, req):
        # The security of a run is the runner's, fixed when it started: a request (forged or not) cannot lower it.
        req.update(self.pinned)
        run_id = req.get("id", "0")
        if not self.by_id:
            self.last_gap_us = _monotonic_us() - self.idle_since
        self.prepare()
        worker, self.spare = self.spare, None
        chan = Channel(self.out_fd, int(run_id))
        try:
            run = Run(self.loop, worker, req, chan)
        except Exception as error:  # noqa: a runner fault must still produce a result
            worker.discard()
            _known_children.discard(worker.pid)
            chan.result({"status": "internal", "message": f"The sandbox runner failed: {type(error).__name__}: {error}"})
            return
        self.by_id[run_id] = run
        if self.once:
            self.accepting = False  # one request; the request pipe stays watched, so its closing still cancels the run

    def complete(self, run_id, run):
        del self.by_id[run_id]
        try:
            run.finish()
            self.warm_for = run.uses
            if not self.by_id:
                self.idle_since = _monotonic_us()
        except Exception as error:  # noqa: a runner fault must still produce a result
            run.chan.result({"status": "internal", "message": f"The sandbox runner failed: {type(error).__name__}: {error}"})
        if run.still_exiting():
            # Reaped when its exit is reported, without holding up the next request.
            self.exiting[run.worker.pidfd] = run.worker
            self.loop.watch(run.worker.pidfd, self.reaped)
        else:
            _known_children.discard(run.worker.pid)

    def reaped(self, pidfd):
        worker = self.exiting[pidfd]
        pid = worker.pid
        if not has_exited(pid):
            return  # a stale event
        del self.exiting[pidfd]
        kill_tree([], pid)
        wait_for(pid)
        worker.reaped()
        self.loop.close(pidfd)
        _known_children.discard(pid)
        sweep_orphans()


def learn_plan(fields, once):
    """Remembers the plan of SAFE runs (pinned over every request) and works out its paths and filter once: the
    workers inherit them and prepare their kernel layers before their request comes."""
    read_roots(fields)
    plan_fields.update({k: fields.get(k, "") for k in _PLAN_KEYS})
    if "landlock" in plan_fields.get("kernel", ""):
        readable_roots(plan_fields)
    if "seccomp" in plan_fields.get("kernel", "") and not once:
        seccomp_for(os.getpid())  # compiles the filter once; workers inherit it and give it their pid


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
    # Not dumpable: no process of the same user (a run among them) can read this runner's memory, descriptors or
    # environment through /proc, or trace it. Its workers inherit this, so runs are out of each other's reach too.
    prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE
    search_path = split_list(os.environ.pop("GENAI_SYS_PATH", ""))
    if not once:
        if search_path:
            sys.path[:] = search_path  # the interpreter's own packages (the runner starts with -S), as runs get them
        for module in split_list(os.environ.pop("GENAI_PRELOAD", "").replace(",", "\x1f")):
            try:
                __import__(module)
            except Exception:  # noqa: a module missing from this Python is simply not preloaded
                pass
    plan = decode_request(os.environ.pop("GENAI_KERNEL_PLAN", "").encode())
    pinned = {k: plan[k] for k in PINNED_KEYS if k in plan}
    if plan.get("security") == "safe":
        learn_plan(plan, once)
        learn_memory_groups()
    warm_up()
    warm_ups = [] if once else warm_ups_available()
    warm(warm_ups)  # what the libraries import and cache on first use, once for every worker
    import gc
    gc.freeze()  # what the server holds stays out of every child's collections (and its pages stay shared)
    server = Server(in_fd, out_fd, once, pinned, warm_ups)
    server.prepare()  # before the hello: a prestarted runner has its worker ready while it waits
    Channel(out_fd, 0).send(b"H", f"pid={os.getpid()}\n".encode())
    server.loop_forever()
    if _own_namespace:
        kill_tree([], 0)  # the namespace is the run's: nothing in it outlives the runner


if __name__ == "__main__":
    main()
