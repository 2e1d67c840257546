# Part of the GenAI Executer runner: A run in flight: the worker forked ahead of its request, and the relay of its output, timeout and result.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).

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


