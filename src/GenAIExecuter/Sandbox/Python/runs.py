# Part of the GenAI Executer runner: A run in flight: the worker forked ahead of its request, and the relay of its output, timeout and result.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).

DRAIN_LIMIT_US = 500_000  # after the run's processes are gone, how long its pipes may stay open and silent before output counts as lost
READS_PER_EVENT = 16      # a pipe is read until it is empty, up to this many reads before other runs get their turn
STATUS_CAP = 65536        # what the worker may say on its status pipe; more is dropped


def _fresh_folder(base):
    """Makes a new private folder named after base: a name someone made first (a guess at the next run's scratch)
    is passed over, never shared."""
    for attempt in range(64):
        path = base if attempt == 0 else f"{base}-{os.urandom(6).hex()}"
        try:
            os.mkdir(path, 0o700)
            return path
        except FileExistsError:
            continue
    raise OSError(f"no fresh scratch folder could be made beside {base}")


class Worker:
    """A worker forked ahead of its request (own session, stdio on pipes, guard installed but disarmed, warm),
    waiting for the request on a pipe, so that a run pays for no fork on its critical path."""

    def __init__(self, warm_for=()):
        import _socket
        area_r, area_w = (end.detach() for end in _socket.socketpair(_socket.AF_UNIX, _socket.SOCK_DGRAM, 0))
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        st_r, st_w = os.pipe()
        req_r, req_w = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            try:
                worker_main(parent, out_w, err_w, st_w, req_r, area_w, warm_for)
            except BaseException as error:  # noqa: a runner fault, reported on the run's stderr
                os.write(2, f"genai-runner: internal error: {type(error).__name__}: {error}\n".encode())
            finally:
                os._exit(70)
        for fd in (out_w, err_w, st_w, req_r, area_w):
            os.close(fd)
        os.set_blocking(area_r, False)
        self.area_r = area_r
        for fd in (out_r, err_r, st_r):
            os.set_blocking(fd, False)  # a stale readiness event must never block the loop
        self.pid, self.out_r, self.err_r, self.st_r, self.req_w = pid, out_r, err_r, st_r, req_w
        self.pidfd = os.pidfd_open(pid)
        self.cgroup = self.cgroup_error = None
        if _memory is not None:
            try:
                self.cgroup = _memory.adopt(pid)
            except OSError as error:
                self.cgroup_error = str(error)  # its run fails: SAFE never runs without the limit it was given

    def limit_memory(self, req):
        """Sets the run's memory limit on the worker's cgroup, before the request reaches it."""
        if _memory is None or int(req.get("mem", "0")) <= 0:
            return
        if self.cgroup is None:
            raise OSError(f"the run's memory cgroup could not be made: {self.cgroup_error}")
        try:
            _memory.limit(self.cgroup, int(req["mem"]))
        except OSError as error:
            raise OSError(f"the run's memory limit could not be set on its cgroup: {error}") from None
        req["mem_cgroup"] = "1"  # the worker then sets no address-space limit

    def reaped(self):
        """Called once the worker is reaped: whether the kernel killed it for going over its memory limit. Its cgroup
        goes with it."""
        if self.cgroup is None:
            return False
        oom = _memory.oom_killed(self.cgroup)
        _memory.remove(self.cgroup)
        self.cgroup = None
        return oom

    def receive_area(self):
        """The output area's descriptor, as the worker sent it (once); None when it sent none."""
        import _socket
        if self.area_r is None:
            return None
        channel = _socket.socket(fileno=self.area_r)
        try:
            _data, ancillary, _flags, _address = channel.recvmsg(1, 64)
        except OSError:  # nothing was sent (BlockingIOError among them)
            ancillary = []
        finally:
            channel.close()
            self.area_r = None
        for level, kind, data in ancillary:
            if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS and len(data) >= 4:
                fds = [int.from_bytes(data[i:i + 4], sys.byteorder) for i in range(0, len(data) - len(data) % 4, 4)]
                for extra in fds[1:]:
                    os.close(extra)
                return fds[0]
        return None

    def close_area_channel(self):
        if self.area_r is not None:
            os.close(self.area_r)
            self.area_r = None

    def discard(self):
        self.close_area_channel()
        for fd in (self.out_r, self.err_r, self.st_r, self.req_w, self.pidfd):
            try:
                os.close(fd)
            except OSError:
                pass
        kill_tree([self.pid], self.pid)
        wait_for(self.pid)
        self.reaped()


class Run:
    """One request in flight. It relays the worker's output (capped, counted), enforces the timeout, and reports one
    result, only once every byte the program wrote has been read: both output pipes have reached their end, so no
    process of the run can still write to them. If they do not reach it in time after the run's processes are gone,
    the result says the output may be incomplete instead of claiming success."""

    def __init__(self, loop, worker, req, chan):
        self.started = _monotonic_us()
        self.loop, self.worker, self.chan = loop, worker, chan
        self.caps = {worker.out_r: int(req.get("out_cap", "1048576")), worker.err_r: int(req.get("err_cap", "1048576"))}
        self.kinds = {worker.out_r: b"O", worker.err_r: b"E"}
        self.sent = {worker.out_r: 0, worker.err_r: 0}
        self.dropped = {worker.out_r: 0, worker.err_r: 0}
        self.status = bytearray()
        self.deadline = self.started + int(req.get("timeout_ms", "30000")) * 1000
        host_deadline = int(req.get("deadline_us", "0"))
        if abs(host_deadline - self.deadline) < 60_000_000:  # the host's clock is ours (no time namespace between us)
            self.deadline = min(self.deadline, host_deadline)  # time the request waited for a busy server counts too
        self.drain_until = None
        self.timed_out = False
        self.cancelled = False
        self.host_gone = False
        self.incomplete = False
        self.exited = None
        self.oom = False
        self.area = False     # the worker said it has a private output area (its descriptor came on the socket)
        self.collected = self.collect_error = None
        self.area_root = req.get("artifacts_root") or ""
        self.area_caps = (int(req.get("area_size", "0")), int(req.get("area_files", "0")))
        self.uses = []
        self.open_fds = {worker.out_r, worker.err_r, worker.st_r}
        self.scratch = req.get("scratch") or ""
        self.made_scratch = False
        if req.get("scratch_root"):
            self.scratch = _fresh_folder(f"{req['scratch_root']}/run-{req.get('id', '0')}-{worker.pid}")
            self.made_scratch = True
        req["scratch"] = self.scratch
        worker.limit_memory(req)
        body = encode_fields({k: v for k, v in req.items() if k != "code"}) + b"\n" + req["code"].encode("utf-8")
        try:
            _write_all(worker.req_w, len(body).to_bytes(4, "big") + body)
        finally:
            os.close(worker.req_w)
        loop.watch(worker.out_r, self.on_output)
        loop.watch(worker.err_r, self.on_output)
        loop.watch(worker.st_r, self.on_status)
        loop.watch(worker.pidfd, self.on_exit)

    def timer(self):
        return self.drain_until if self.drain_until is not None else self.deadline

    def on_output(self, fd):
        for _ in range(READS_PER_EVENT):
            data = self._read(fd)
            if not data:
                return
            self._relay(fd, data)
            if self.drain_until is not None:
                # Still draining what the run wrote before it ended: not a pipe held open by a stray process.
                self.drain_until = min(_monotonic_us() + DRAIN_LIMIT_US, max(self.drain_until, self.deadline + DRAIN_LIMIT_US))

    def _relay(self, fd, data):
        room = self.caps[fd]
        if room > 0:
            kept = data[:room]
            self.chan.send(self.kinds[fd], kept)
            self.sent[fd] += len(kept)
        self.dropped[fd] += max(0, len(data) - max(room, 0))
        self.caps[fd] = room - len(data)

    def on_status(self, fd):
        data = self._read(fd)
        if data:
            self.status.extend(data[:max(0, STATUS_CAP - len(self.status))])
            if not self.area and b"\narea=1\n" in b"\n" + self.status:
                self.area = True

    def _read(self, fd):
        """Reads what the pipe holds; at its end, stops watching it. None when there was nothing (a stale event)."""
        try:
            data = os.read(fd, PAYLOAD_MAX)
        except BlockingIOError:
            return None
        if not data:
            self.open_fds.discard(fd)
            self.loop.close(fd)
        return data

    def on_exit(self, pidfd):
        if not has_exited(self.worker.pid):
            return  # a stale event: the worker is still running
        # The program is over: whatever it left running dies now, so that the pipes it inherited close. Its session
        # is swept while the worker is still unreaped, so that no new process can have taken its pid.
        kill_tree([], self.worker.pid)
        self.exited = wait_for(self.worker.pid)
        self.oom = self.worker.reaped()
        self.loop.close(pidfd)
        sweep_orphans()
        self._start_draining()

    def on_timer(self, now):
        if self.drain_until is None and now >= self.deadline:
            self.timed_out = True
            self.stop()
        elif self.drain_until is not None and now >= self.drain_until and self.open_fds:
            # The run's processes are gone, yet something still holds its pipes: what it wrote is not provably all here.
            self.incomplete = True
            for fd in list(self.open_fds):
                self.loop.close(fd)
            self.open_fds.clear()

    def stop(self):
        """Kills the run's whole tree (timeout or cancellation); the output already in the pipes is still relayed.
        One round of signals: the server does not wait here for the processes to die (other runs would wait with it);
        the worker's pidfd tells when it has, and its session is swept then. What the run wrote in its output area is
        collected afterwards all the same (the server holds the area)."""
        kill_tree([self.worker.pid], self.worker.pid, rounds=1)
        self._start_draining()

    def _start_draining(self):
        if self.drain_until is None:
            self.drain_until = _monotonic_us() + DRAIN_LIMIT_US

    def done(self):
        if self.open_fds:
            return False
        # The worker says it is done before it exits, so the result need not wait for the kernel to tear a large
        # process down; it closed its pipes only after killing whatever it had started.
        return self.exited is not None or b"done=" in self.status or self.drain_until is not None

    def finish(self):
        # Only what a worker may say about itself: the code can write its status pipe too, so every other field (the
        # artifacts' folder, the exit, the output's size) is the server's own, never taken from the pipe.
        fields = {key: value for key, value in _parse_status(bytes(self.status)) if key in WORKER_STATUS_KEYS}
        done = fields.pop("done", None)
        self.uses = [kind for kind in fields.pop("uses", "").split(",") if kind in WARM_UPS]
        if self.exited is None and done is not None and not self.timed_out and not self.cancelled and not self.host_gone:
            # The worker says it is done (and closed its pipes): it is killed before the result goes out, so that
            # code that only claims to be done can run no further. It is reaped after the result.
            try:
                os.kill(self.worker.pid, _signal.SIGKILL)
            except OSError:
                pass
            exited = (int(done) & 0xFF) << 8  # as waitpid reports it
        else:
            if self.exited is None:
                kill_tree([self.worker.pid], self.worker.pid)
                self.exited = wait_for(self.worker.pid)
                self.oom = self.worker.reaped()
                self.loop.close(self.worker.pidfd)
            exited = self.exited
        if not self.cancelled and not self.host_gone:
            self.collect()  # the run is over, however it ended: its files come out of the area the server holds
        self.worker.close_area_channel()
        out, err = self.worker.out_r, self.worker.err_r
        fields["out_bytes"], fields["err_bytes"] = self.sent[out], self.sent[err]
        fields["out_dropped"], fields["err_dropped"] = self.dropped[out], self.dropped[err]
        if os.WIFSIGNALED(exited):
            fields["signal"] = os.WTERMSIG(exited)
            fields["exit"] = -os.WTERMSIG(exited)
        else:
            fields["exit"] = os.WEXITSTATUS(exited)
        if self.host_gone:
            fields["status"] = "internal"
            fields["message"] = "The sandbox's request pipe closed during the run (the host or bubblewrap went away); the run was killed."
        elif self.cancelled:
            fields["status"] = "cancelled"
        elif self.incomplete:
            fields["status"] = "internal"
            fields["message"] = ("The run's output may be incomplete: its pipes stayed open after its processes were gone, "
                                 "so not every byte it wrote could be proved received.")
        elif fields.get("status") == "violation" and fields["exit"] == EXIT_VIOLATION:
            pass
        elif fields.get("status") == "internal" and fields["exit"] == EXIT_KERNEL:
            pass
        elif self.oom:
            fields["status"] = "error"
            fields["oom"] = "1"
        elif self.timed_out:
            fields["status"] = "timeout"
        elif fields["exit"] == 0:
            fields["status"] = "ok"
        else:
            fields["status"] = "error"
        if self.collected is not None:
            folder, entries, dropped = self.collected
            fields["artifacts_dir"] = folder
            fields["artifacts"] = "\x1f".join(f"{path}\x1e{size}\x1e{digest}" for path, size, digest in entries)
            if dropped:
                fields["artifacts_dropped"] = dropped
        elif self.collect_error is not None:
            fields["artifacts_error"] = self.collect_error
        # Nothing of this run may be visible to the next one: its scratch goes before the result.
        if self.made_scratch:
            remove_tree(self.scratch)
        fields["elapsed_us"] = _monotonic_us() - self.started
        self.chan.result(fields)

    def collect(self):
        """Copies what the run wrote in its output area (the overlay's upper layer, whose descriptor the worker sent
        before the code ran) to the host's folder for this run, once."""
        if not self.area or self.collected is not None or not self.area_root:
            return
        area = self.worker.receive_area()
        if area is None:
            self.collect_error = "the sandbox worker did not hand its output area over"
            return
        try:
            self.collected = collect_area(area, self.area_root, int.from_bytes(self.chan.run_id, "big"), *self.area_caps)
        except Exception as error:  # noqa: a fault here loses the files, never the run's result
            self.collect_error = f"{type(error).__name__}: {error}"
        finally:
            os.close(area)

    def still_exiting(self):
        """True when the worker has reported but not yet exited: its pidfd stays watched until it has."""
        if self.exited is None:
            return True
        sweep_orphans()
        return False


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


# What a worker reports on its status pipe (see StatusPipe and _finish in the worker).
WORKER_STATUS_KEYS = frozenset(("uses", "done", "status", "message", "rule", "line", "detail", "layer", "exc", "area", "no_area"))


def _parse_status(data):
    for line in data.decode("utf-8", "replace").split("\n"):
        key, sep, value = line.partition("=")
        if sep:
            yield key, _unescape(value)


def collect_area(area_fd, root, run_id, max_bytes, max_files):
    """Copies the regular files of a run's output area into a new folder under root. Symbolic links, special
    files and overlay whiteouts (deletions) are not artifacts; nothing is followed out of the area. Returns the folder,
    [(relative path, size, sha256)], and how many files were left out (over the caps, or names that cannot travel)."""
    import stat
    folder = _fresh_folder(f"{root}/run-{run_id}")
    entries, dropped, total = [], 0, 0
    base = os.open(".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=area_fd)
    pending = [(base, "")]
    try:
        while pending:
            dirfd, rel = pending.pop()
            for name in sorted(os.listdir(dirfd)):
                path = rel + name
                try:
                    info = os.stat(name, dir_fd=dirfd, follow_symlinks=False)
                except OSError:
                    continue
                if any(ord(c) < 32 or 0xDC80 <= ord(c) <= 0xDCFF for c in name):  # control characters, or bytes not UTF-8
                    dropped += 1
                    continue
                if stat.S_ISDIR(info.st_mode):
                    try:
                        pending.append((os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dirfd), path + "/"))
                        os.makedirs(f"{folder}/{path}", 0o700, exist_ok=True)
                    except OSError:
                        dropped += 1
                    continue
                if not stat.S_ISREG(info.st_mode):
                    continue
                if len(entries) >= max_files or total + info.st_size > max_bytes:
                    dropped += 1
                    continue
                size, digest = _copy_out(dirfd, name, f"{folder}/{path}", max_bytes - total)
                if size is None:
                    dropped += 1
                    continue
                total += size
                entries.append((path, size, digest))
            os.close(dirfd)
    finally:
        for dirfd, _rel in pending:
            os.close(dirfd)
    return folder, entries, dropped


def _copy_out(dirfd, name, target, room):
    import hashlib
    import stat
    try:
        source = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dirfd)
    except OSError:
        return None, None
    try:
        if not stat.S_ISREG(os.fstat(source).st_mode):
            return None, None
        out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        digest, size = hashlib.sha256(), 0
        try:
            while True:
                chunk = os.read(source, 1 << 20)
                if not chunk:
                    break
                size += len(chunk)
                if size > room:
                    raise OSError("the file grew past the output area's cap while it was copied")
                digest.update(chunk)
                _write_all(out, chunk)
        finally:
            os.close(out)
        return size, digest.hexdigest()
    except OSError:
        try:
            os.unlink(target)
        except OSError:
            pass
        return None, None
    finally:
        os.close(source)
