# Part of the GenAI Executer runner: The event loop (once or serve) and the entry point.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).

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
            self.accepting = False  # one request; the request pipe stays watched, so its closing still cancels the run

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
