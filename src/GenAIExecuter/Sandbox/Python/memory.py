# Part of the GenAI Executer runner: The memory limit of SAFE runs, held by a cgroup: each worker gets a cgroup of its own.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).

class MemoryGroups:
    """The runner's cgroup (made by the host, which removes it with everything left in it). The server moves each
    worker it forks into a child cgroup of its own, sets the run's limit there when the request comes, and removes it
    once the worker is reaped. The limit counts the memory a run really uses (and swap), not the address space it
    reserves; the worker cannot change it (Landlock and bubblewrap leave it no write outside its scratch)."""

    def __init__(self, folder, version):
        self.folder, self.version = folder, version
        self.leftover = []  # cgroups whose removal failed (a process still leaving): tried again later

    def adopt(self, pid):
        path = _fresh_folder(f"{self.folder}/w{pid}")
        _write_text(f"{path}/cgroup.procs", str(pid))
        return path

    def limit(self, path, nbytes):
        if self.version == 2:
            _write_text(f"{path}/memory.max", str(nbytes))
            if os.path.exists(f"{path}/memory.swap.max"):
                _write_text(f"{path}/memory.swap.max", "0")
        else:
            _write_text(f"{path}/memory.limit_in_bytes", str(nbytes))
            if os.path.exists(f"{path}/memory.memsw.limit_in_bytes"):
                _write_text(f"{path}/memory.memsw.limit_in_bytes", str(nbytes))

    def oom_killed(self, path):
        """Whether the kernel killed a process of this cgroup for going over its limit."""
        text = _read_text(f"{path}/memory.events" if self.version == 2 else f"{path}/memory.oom_control")
        for line in text.split("\n"):
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return value.strip() not in ("", "0")
        return self.version == 1 and _read_text(f"{path}/memory.failcnt").strip() not in ("", "0")

    def remove(self, path):
        for candidate in [path] + self.leftover:
            try:
                os.rmdir(candidate)
                if candidate in self.leftover:
                    self.leftover.remove(candidate)
            except FileNotFoundError:
                pass
            except OSError:
                if candidate not in self.leftover:
                    self.leftover.append(candidate)


_memory = None  # MemoryGroups, when the host gave this runner a cgroup (SAFE mode)


def learn_memory_groups():
    global _memory
    value = os.environ.pop("GENAI_CGROUP", "")
    folder, _, version = value.partition("\n")
    if folder:
        _memory = MemoryGroups(folder, int(version or "1"))


def _write_text(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _read_text(path):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return ""
    try:
        return os.read(fd, 65536).decode("ascii", "replace")
    finally:
        os.close(fd)
