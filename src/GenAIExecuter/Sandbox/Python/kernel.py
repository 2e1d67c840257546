# Part of the GenAI Executer runner: The kernel layers of SAFE mode: Landlock and a seccomp filter, applied to the worker before the user's code.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).
#
# The in-process layers (policy, guard) share an address space with the code they police; these do not. Whatever
# the code reaches (ctypes, the runner's own globals, a library that calls on its behalf), the kernel still refuses:
# - Landlock: reads only below the roots SAFE may read (never the home directory, key files, /tmp, other processes
#   in /proc), writes only in the run's scratch; no TCP bind or connect; signals and abstract sockets scoped to the run.
# - seccomp: no new processes (threads only), no exec, no sockets, no io_uring, no tracing or signalling of other
#   processes, no mount, namespace, bpf, keyring, module or clock calls, no metadata changes (chmod, chown, xattr),
#   no raised limits; only the native system-call ABI.
# A layer the request asks for and the kernel does not apply ends the run as a sandbox fault: never a silent success.

_LL_CREATE, _LL_ADD_RULE, _LL_RESTRICT = 444, 445, 446  # the same numbers on x86_64 and aarch64
_LL_FS_READ = 1 | 4 | 8                                 # EXECUTE | READ_FILE | READ_DIR
_LL_FS_FILE_RIGHTS = 1 | 2 | 4 | (1 << 14) | (1 << 15)  # the rights a rule on a file (not a folder) may hold
_SECRET_FILE_NAMES = ("apikey.txt",)
_SECRET_FILE_SUFFIX = "_api_key.txt"

# Readable although inside a root Landlock keeps closed: what Python, numpy and the like read about the machine.
_SYSTEM_READS = ("/proc/cpuinfo", "/proc/meminfo", "/proc/stat", "/sys/devices/system/cpu", "/dev/urandom",
                 "/dev/random", "/dev/zero", "/dev/full")
# Closed to reads whatever the request says: scratch space shared with others, the machine's devices and processes.
_KERNEL_DENY = ("/tmp", "/var/tmp", "/run", "/dev", "/proc", "/sys")


def landlock_abi():
    """The Landlock ABI version this kernel offers; 0 where it offers none."""
    version = libc().syscall(_LL_CREATE, None, 0, 1)  # LANDLOCK_CREATE_RULESET_VERSION
    return max(0, version)


def _landlock_rights(abi):
    fs = (1 << 13) - 1                    # ABI 1: EXECUTE .. MAKE_SYM
    if abi >= 2:
        fs |= 1 << 13                     # REFER
    if abi >= 3:
        fs |= 1 << 14                     # TRUNCATE
    if abi >= 5:
        fs |= 1 << 15                     # IOCTL_DEV
    net = 1 | 2 if abi >= 4 else 0        # BIND_TCP | CONNECT_TCP, with no rule: no TCP at all
    scoped = 1 | 2 if abi >= 6 else 0     # ABSTRACT_UNIX_SOCKET | SIGNAL
    return fs, net, scoped


def _readable_roots(deny, allow, cwd):
    """The (path, rights) to grant reads on: everything outside the denied roots, at the coarsest level that includes
    no denied root, then the allowed roots inside them, but for the working directory (see cwd_rules)."""
    deny = [d.rstrip("/") + "/" for d in list(deny) + list(_KERNEL_DENY)]
    granted = []

    def walk(folder):
        try:
            names = os.listdir(folder)
        except OSError:
            return
        for name in names:
            path = (folder.rstrip("/") + "/" + name)
            inside = path + "/"
            if inside in deny:
                continue
            if any(d.startswith(inside) for d in deny):
                walk(path)
            else:
                granted.append(path)

    walk("/")
    cwd_root = os.path.realpath(cwd).rstrip("/") if cwd else None
    granted.extend(root.rstrip("/") for root in allow if root.rstrip("/") != cwd_root)  # the cwd: see cwd_rules
    return [(g, _LL_FS_READ) for g in granted]


def cwd_rules(cwd):
    """The read rules of the working directory, worked out when the run starts (its files change between runs).
    A rule on a folder grants all below it, so a folder holding readable key files is granted listing only, and
    each of its other entries reading: the key files can be seen, never opened."""
    root = os.path.realpath(cwd).rstrip("/")
    keys = _key_files(root)
    if not keys:
        return [(root, _LL_FS_READ)]
    return [(root, 8)] + [(root + "/" + n, _LL_FS_READ) for n in os.listdir(root) if n not in keys]  # 8: READ_DIR


def _key_files(folder):
    """The API key files in a folder that are real files (bubblewrap masks them with an empty device)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [n for n in names if (n in _SECRET_FILE_NAMES or n.endswith(_SECRET_FILE_SUFFIX)) and os.path.isfile(folder + "/" + n)]


def _rights_for(path, access):
    """The rights a rule on this path may hold: a rule on a file (not a folder) holds only file rights."""
    return access if os.path.isdir(path) else access & _LL_FS_FILE_RIGHTS


def _add_path_rule(ruleset, path, access, exact=False):
    import ctypes
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # gone, or never there: nothing to grant
    try:
        rights = access if exact else _rights_for(f"/proc/self/fd/{fd}", access)
        attr = ctypes.create_string_buffer(rights.to_bytes(8, sys.byteorder) + fd.to_bytes(4, sys.byteorder, signed=True))
        if libc().syscall(_LL_ADD_RULE, ruleset, 1, attr, 0) != 0:  # LANDLOCK_RULE_PATH_BENEATH
            raise OSError(ctypes.get_errno(), f"landlock_add_rule({path})")
    finally:
        os.close(fd)


def build_landlock(fields, whole_cwd=True):
    """A ruleset with every read rule of the request's plan; the run's scratch is added when it is known. The
    working directory is granted whole when it holds no key files (and whole_cwd allows it); otherwise its rules are
    worked out when the run starts (see restrict_landlock). Returns the ruleset, its rights, and whether the working
    directory was granted whole."""
    import ctypes
    abi = landlock_abi()
    if abi < 1:
        raise OSError("this kernel offers no Landlock")
    fs, net, scoped = _landlock_rights(abi)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    attr = ctypes.create_string_buffer(fs.to_bytes(8, sys.byteorder) + net.to_bytes(8, sys.byteorder) + scoped.to_bytes(8, sys.byteorder))
    ruleset = libc().syscall(_LL_CREATE, attr, size, 0)
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    try:
        for path, access in readable_roots(fields):
            _add_path_rule(ruleset, path, access, exact=True)
        _add_path_rule(ruleset, f"/proc/{os.getpid()}", _LL_FS_READ, exact=True)
        _add_path_rule(ruleset, "/dev/null", 2 | 4 | (1 << 15), exact=True)  # WRITE_FILE | READ_FILE | IOCTL_DEV
        cwd = exposed_cwd(fields)
        granted_whole = whole_cwd and cwd is not None and not _key_files(cwd)
        if granted_whole:
            _add_path_rule(ruleset, cwd, _LL_FS_READ, exact=True)
    except BaseException:
        os.close(ruleset)
        raise
    return ruleset, fs, granted_whole


def exposed_cwd(fields):
    """The working directory, resolved, when SAFE code may read it; None when it is hidden."""
    cwd = fields.get("cwd")
    if not cwd:
        return None
    resolved = os.path.realpath(cwd).rstrip("/")
    return resolved if resolved + "/" in read_roots(fields)[1] else None


def restrict_landlock(ruleset, fs, granted_whole, scratch, fields, area=None):
    import ctypes
    try:
        cwd = exposed_cwd(fields)
        if area is not None:
            # The output area over the working directory: every right, on the overlay's own root (a rule on the folder
            # beneath it would not reach the overlay's files). It holds no key file: none was there when it was made.
            _add_path_rule(ruleset, area, fs, exact=True)
        elif cwd is not None and (not granted_whole or _key_files(cwd)):
            if granted_whole:
                # Key files appeared since the worker prepared: a granted folder cannot be taken back, so start over.
                os.close(ruleset)
                ruleset, fs, _ = build_landlock(fields, whole_cwd=False)
            for path, access in cwd_rules(cwd):
                _add_path_rule(ruleset, path, access)
        _add_path_rule(ruleset, scratch, fs, exact=True)  # a folder
        prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
        if libc().syscall(_LL_RESTRICT, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    # Proof, not trust: another process's /proc entry was never granted, so reading it must now fail.
    try:
        os.close(os.open("/proc/1/stat", os.O_RDONLY))
    except PermissionError:
        return
    raise OSError("Landlock was applied but does not refuse what it should")


_roots_by_plan = {}


def readable_roots(fields):
    """The read rules of a plan; cached, so that a fork server works them out once and its workers inherit them."""
    key = (fields.get("deny_read", ""), fields.get("allow_read", ""), fields.get("cwd", ""))
    if key not in _roots_by_plan:
        deny, allow = read_roots(fields)
        rules = _readable_roots(deny, allow, fields.get("cwd")) + [(p, _LL_FS_READ) for p in _SYSTEM_READS]
        _roots_by_plan[key] = [(path, _rights_for(path, access)) for path, access in rules if os.path.exists(path)]
    return _roots_by_plan[key]


# seccomp, through libseccomp (Debian's libseccomp2), which resolves names for the native architecture.
_SCMP_ACT_ALLOW = 0x7FFF0000
_SCMP_ACT_KILL_PROCESS = 0x80000000
_SCMP_FLTATR_ACT_BADARCH = 2
_SCMP_CMP_NE, _SCMP_CMP_MASKED_EQ = 1, 7
_CLONE_THREAD = 0x10000

_DENIED_CALLS = (
    "execve", "execveat", "fork", "vfork",
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_open", "pidfd_getfd", "pidfd_send_signal", "tkill",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "mount", "umount2", "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr",
    "pivot_root", "chroot", "unshare", "setns",
    "bpf", "keyctl", "add_key", "request_key", "userfaultfd", "perf_event_open", "fanotify_init",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot", "swapon", "swapoff",
    "acct", "quotactl", "quotactl_fd", "name_to_handle_at", "open_by_handle_at", "syslog", "iopl", "ioperm",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "sethostname", "setdomainname", "vhangup",
    "mknod", "mknodat", "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat",
    "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr", "fremovexattr",
    "setrlimit", "setpriority", "sched_setscheduler", "sched_setparam", "sched_setattr", "lookup_dcookie",
)


def _seccomp():
    global _seccomp_lib
    if _seccomp_lib is None:
        import ctypes
        lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
        lib.seccomp_init.restype = ctypes.c_void_p
        lib.seccomp_init.argtypes = [ctypes.c_uint32]
        lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
        lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
        lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.c_void_p]
        lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.seccomp_release.argtypes = [ctypes.c_void_p]
        _seccomp_lib = lib
    return _seccomp_lib


_seccomp_lib = None


_PID_SENTINEL = 0x7A5EC0DE  # stands for the worker's pid in the filter the server compiles once


def seccomp_for(pid):
    """The filter for one worker: compiled once with a stand-in for the pid, then given the worker's pid. The first
    time, the stand-in is proved to be only the pid: the filter given this process's pid must equal the one compiled
    for it. Where it is not, every filter is compiled for its own pid."""
    global _seccomp_template
    sentinel = _PID_SENTINEL.to_bytes(4, sys.byteorder)
    if _seccomp_template is None:
        template, me = build_seccomp(_PID_SENTINEL), os.getpid()
        proved = template.count(sentinel) >= 1 and template.replace(sentinel, me.to_bytes(4, sys.byteorder)) == build_seccomp(me)
        _seccomp_template = template if proved else b""
    if _seccomp_template and 0 < pid < 1 << 31:
        return _seccomp_template.replace(sentinel, pid.to_bytes(4, sys.byteorder))
    return build_seccomp(pid)


_seccomp_template = None


def build_seccomp(me):
    """The filter that lets signals reach only the process `me`, compiled to BPF ahead of the request."""
    import ctypes

    class Cmp(ctypes.Structure):
        _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("a", ctypes.c_uint64), ("b", ctypes.c_uint64)]

    lib = _seccomp()
    eperm = 0x00050000 | 1   # SCMP_ACT_ERRNO(EPERM)
    enosys = 0x00050000 | 38  # SCMP_ACT_ERRNO(ENOSYS)
    ctx = lib.seccomp_init(_SCMP_ACT_ALLOW)
    if not ctx:
        raise OSError("seccomp_init failed")
    try:
        def rule(action, name, *cmps):
            nr = lib.seccomp_syscall_resolve_name(name.encode())
            if nr < 0:
                return  # not a system call on this architecture
            array = (Cmp * max(1, len(cmps)))(*[Cmp(*c) for c in cmps])
            if lib.seccomp_rule_add_array(ctx, action, nr, len(cmps), array) != 0:
                raise OSError(f"seccomp rule for {name} refused")

        if lib.seccomp_attr_set(ctx, _SCMP_FLTATR_ACT_BADARCH, _SCMP_ACT_KILL_PROCESS) != 0:
            raise OSError("seccomp: cannot refuse foreign system-call ABIs")
        for name in _DENIED_CALLS:
            rule(eperm, name)
        rule(eperm, "clone", (0, _SCMP_CMP_MASKED_EQ, _CLONE_THREAD, 0))  # a new process; threads stay allowed
        rule(enosys, "clone3")  # its flags are out of a filter's reach: libc then falls back to clone
        rule(eperm, "socket")   # no socket of any family (socketpair, used by asyncio, stays)
        for name in ("kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo"):
            rule(eperm, name, (0, _SCMP_CMP_NE, me, 0))  # signals to this process only
        rule(eperm, "prlimit64", (2, _SCMP_CMP_NE, 0, 0))  # limits can be read, never set
        read_fd, write_fd = os.pipe()
        try:
            if lib.seccomp_export_bpf(ctx, write_fd) != 0:
                raise OSError("seccomp_export_bpf failed")
            os.close(write_fd)
            write_fd = -1
            chunks = []
            while chunk := os.read(read_fd, 65536):
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(read_fd)
            if write_fd >= 0:
                os.close(write_fd)
    finally:
        lib.seccomp_release(ctx)


def seccomp_program(bpf):
    """The filter as the kernel takes it (a sock_fprog and the code it points to), built before the request."""
    import ctypes

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    code = ctypes.create_string_buffer(bpf, len(bpf))
    return code, Program(len(bpf) // 8, ctypes.cast(code, ctypes.c_void_p))


def load_seccomp(program):
    """Installs a prepared filter on this (single-threaded) process: from here on, and in every thread it starts."""
    import ctypes
    prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
    if libc().prctl(22, 2, ctypes.byref(program[1]), 0, 0) != 0:  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP)")


_PLAN_KEYS = ("deny_read", "allow_read", "cwd", "kernel")
# What the runner was started for; a request cannot change it (see Server.on_request).
PINNED_KEYS = ("security", "static_policy", "guard", "trust_kernel") + _PLAN_KEYS
plan_fields = {}  # the kernel plan of the runs to come, given when the runner starts


class KernelLayers:
    """The kernel layers of one worker, prepared before its request (from the plan the server knows) and applied
    once the request names its scratch; a request with another plan has its layers built then."""

    def __init__(self):
        self.fields = dict(plan_fields)
        self.ruleset, self.rights, self.whole_cwd, self.program, self.error = None, 0, False, None, None
        self.private_scratch = False
        self.area = None  # the working directory, when an output area is mounted over it
        self.area_fd = None
        try:
            self._build(self.fields)
        except Exception as error:  # noqa: reported when a run needs the layers, never before
            self.error = error
        if self.fields:  # a SAFE runner's plan (a PERMISSIVE runner has none)
            try:
                self.private_scratch = prepare_private_scratch()
            except OSError:
                self.private_scratch = False  # the shared scratch, capped per file

    def enter_scratch(self, req, scratch):
        """Gives a SAFE run its own sized tmpfs as scratch, before anything uses the folder, and its private output
        area over the working directory where it can have one; then drops every capability the worker's namespace
        gave it. Returns why the run has no output area, or None when it has one."""
        no_area = "SAFE runs get no private namespaces on this machine (unprivileged user namespaces are off)"
        if self.private_scratch:
            cwd = exposed_cwd(self.fields)
            no_area = "the working directory is hidden from SAFE code" if cwd is None else None
            if cwd is not None and int(req.get("area_size", "0")) > 0:
                no_area, self.area_fd = mount_output_area(cwd, scratch, int(req["area_size"]), int(req.get("area_files", "0")), req.get("inputs") or None)
                self.area = cwd if no_area is None else None
            mount_private_scratch(scratch, int(req.get("scratch_size", "0")))
        drop_capabilities()
        return no_area

    def _build(self, fields):
        layers = fields.get("kernel", "").split(",")
        if "landlock" in layers:
            self.ruleset, self.rights, self.whole_cwd = build_landlock(fields)
        if "seccomp" in layers:
            # A fork server compiled the filter once for all its workers; a runner of one run compiles it here, once.
            bpf = seccomp_for(os.getpid()) if _seccomp_template is not None else build_seccomp(os.getpid())
            self.program = seccomp_program(bpf)

    def apply(self, req, scratch):
        """Applies the layers the request names; raises if any of them cannot be applied."""
        if any(req.get(k, "") != self.fields.get(k, "") for k in _PLAN_KEYS):
            if self.ruleset is not None:
                os.close(self.ruleset)
            self.ruleset, self.program, self.error = None, None, None
            self.fields = {k: req.get(k, "") for k in _PLAN_KEYS}
            self._build(self.fields)
        if self.error is not None:
            raise self.error
        if self.ruleset is not None:
            ruleset, self.ruleset = self.ruleset, None
            restrict_landlock(ruleset, self.rights, self.whole_cwd, scratch, self.fields, self.area)
        if self.program is not None:
            load_seccomp(self.program)


# A private scratch per run: a tmpfs of the run's own, sized, in a mount namespace of the worker's own. What one run
# writes never fills another run's space, and it vanishes with the run. It needs a user namespace (no privileges);
# where the kernel refuses one, the run keeps the shared scratch, capped per file by RLIMIT_FSIZE.
_CLONE_NEWUSER, _CLONE_NEWNS = 0x10000000, 0x00020000
_MS_NOSUID, _MS_NODEV = 0x2, 0x4


def prepare_private_scratch():
    """Before the request: a user and mount namespace of this worker's own. False where the kernel refuses them."""
    uid, gid = os.getuid(), os.getgid()
    prctl(4, 1, 0, 0, 0)  # dumpable for a moment: the id maps below are files of this process in /proc
    try:
        if libc().unshare(_CLONE_NEWUSER | _CLONE_NEWNS) != 0:
            return False
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            fd = os.open(f"/proc/self/{name}", os.O_WRONLY)
            try:
                os.write(fd, text.encode())
            finally:
                os.close(fd)
        return True
    finally:
        prctl(4, 0, 0, 0, 0)


def mount_private_scratch(path, size):
    """Mounts the run's own tmpfs on its scratch folder (in this worker's mount namespace only)."""
    import ctypes
    options = f"size={max(1 << 20, size)},nr_inodes={max(1024, size // 4096)},mode=0700".encode()
    if libc().mount(b"genai-scratch", path.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, options) != 0:
        raise OSError(ctypes.get_errno(), f"mount of the private scratch on {path}")


def mount_output_area(cwd, scratch, size, files, inputs=None):
    """Mounts an overlay on the working directory (in this worker's mount namespace only): reads see the folder's
    files, and writes, deletes and overwrites land in an upper layer on a tmpfs of the run's own, sized, with a capped
    number of files. That tmpfs is mounted on the scratch folder and then covered by the scratch's own tmpfs, so no path
    leads to it: only this worker's descriptor of it (self.area_fd), through which the server collects what the run
    wrote. The run's input files, when it has any, are a read-only layer above the folder's own files, so the code
    opens them by name. Returns (None, descriptor), or (why no area was made, None)."""
    import ctypes
    if any(c in cwd for c in ",:\\"):
        return "the working directory's path holds a character overlayfs options cannot carry (',', ':' or '\\')", None
    if inputs is not None and any(c in inputs for c in ",:\\"):
        return "the input files' staging path holds a character overlayfs options cannot carry (',', ':' or '\\')", None
    # An overlay shows its lower folder's own files, not what is mounted inside it, so the kernel refuses one over
    # bubblewrap's masks of hidden folders and key files: such a folder gets no area. Key files that only Landlock
    # kept closed are masked over the overlay (with /dev/null, in this worker's mount namespace).
    if _masks_beneath(cwd):
        return "bubblewrap hides key files or folders inside the working directory, and an overlay cannot keep them hidden", None
    keys = [f"{cwd}/{n}" for n in _key_files(cwd)]
    options = f"size={max(1 << 20, size)},nr_inodes={max(8, files + 4)},mode=0700".encode()
    if libc().mount(b"genai-output", scratch.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, options) != 0:
        raise OSError(ctypes.get_errno(), f"mount of the output area's tmpfs on {scratch}")
    os.mkdir(scratch + "/upper", 0o700)
    os.mkdir(scratch + "/work", 0o700)
    lower = cwd if inputs is None else f"{inputs}:{cwd}"  # the first is the top: an input shadows a file of its name
    overlay = f"lowerdir={lower},upperdir={scratch}/upper,workdir={scratch}/work,userxattr".encode()
    if libc().mount(b"genai-work", cwd.encode(), b"overlay", _MS_NOSUID | _MS_NODEV, overlay) != 0:
        raise OSError(ctypes.get_errno(), f"mount of the output area over {cwd}")
    for path in keys:
        if libc().mount(b"/dev/null", path.encode(), None, 0x1000, None) != 0:  # MS_BIND
            raise OSError(ctypes.get_errno(), f"masking the key file {path} in the output area")
    return None, os.open(scratch + "/upper", os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)


def _masks_beneath(folder):
    """Whether anything is mounted inside the folder (bubblewrap's masks of hidden folders and key files)."""
    prefix = folder.rstrip("/") + "/"
    with open("/proc/self/mountinfo", "rb") as table:
        return any(line.split(b" ")[4].decode("utf-8", "replace").replace("\\040", " ").startswith(prefix) for line in table)


def drop_capabilities():
    """Gives up every capability (those of the worker's own user namespace, or root's): none can come back, as the
    code can start no program."""
    import ctypes

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    prctl(47, 4, 0, 0, 0)  # PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL
    if libc().capset(ctypes.byref(Header(0x20080522, 0)), (Data * 2)()) != 0:  # _LINUX_CAPABILITY_VERSION_3
        raise OSError(ctypes.get_errno(), "capset")
