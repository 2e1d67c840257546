# Part of the GenAI Executer runner: The static policy: an AST check of the code before anything runs.
# The parts are joined, in the order RunnerScript gives, into one module compiled once (one file loads fastest).

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
    "_xxsubinterpreters": "interpreter internals", "_xxinterpchannels": "interpreter internals",
    "_interpreters": "interpreter internals",  # a sub-interpreter has no audit hook of ours
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
        "mkfifo": "special files", "mknod": "special files", "setuid": "process control", "setgid": "process control",
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
    "special files": "creating special files (FIFOs, devices) is not allowed",
}
RULES = {
    "running other programs": "no-subprocess", "starting processes": "no-subprocess",
    "network access": "no-network", "native code": "no-native-code", "import tricks": "no-import-tricks",
    "dynamic code": "no-dynamic-code", "interpreter internals": "no-introspection",
    "signals and process control": "no-process-control", "process control": "no-process-control",
    "changing resource limits": "no-process-control", "deleting files": "no-file-write",
    "renaming files": "no-file-write", "changing permissions": "no-file-write", "writing files": "no-file-write",
    "special files": "no-file-write", "reading secrets": "no-secret-read",
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


AREA_CATEGORIES = ("writing files", "deleting files", "renaming files")  # what a run with an output area may do


def check_policy(source, writable=False):
    """Returns (rule, line, message, detail) for the first violation, or None. With `writable` (the run has a private
    output area over its working directory), writes, deletes and renames are left to the runtime guard and the
    kernel, which confine them to that area and the scratch."""
    for category, violation in _violations(source):
        if not (writable and category in AREA_CATEGORIES):
            return violation
    return None


def _violations(source):
    """Every violation the walk meets, in order, each with its category."""
    try:
        tree = compile(source, USER_FILE, "exec", 0x400, dont_inherit=True)  # PyCF_ONLY_AST
    except (SyntaxError, ValueError):
        return  # compiled again later, where the error is reported as Python would
    aliases = {}
    # Imports first, wherever they are: a name is judged by what the code binds it to (after `from scipy import
    # signal`, `signal.find_peaks` is scipy's), whatever order the walk below meets the nodes in.
    nodes = []
    stack = [tree]
    while stack:
        node = stack.pop()
        nodes.append(node)
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, list):
                stack.extend(v for v in value if hasattr(v, "_fields"))
            elif hasattr(value, "_fields"):
                stack.append(value)
    nodes.sort(key=lambda n: type(n).__name__ not in ("Import", "ImportFrom"))
    # Names the code binds itself (a variable, parameter, function or class called `eval` is not the builtin; the
    # guard still sees any real eval/exec/compile at run time).
    bound = set()
    for node in nodes:
        kind = type(node).__name__
        if kind == "Name" and type(node.ctx).__name__ in ("Store", "Del"):
            bound.add(node.id)
        elif kind == "arg":
            bound.add(node.arg)
        elif kind in ("FunctionDef", "AsyncFunctionDef", "ClassDef"):
            bound.add(node.name)
    for node in nodes:
        kind = type(node).__name__
        line = getattr(node, "lineno", 0)
        found = None
        if kind == "Import":
            for alias in node.names:
                category = _module_rule(alias.name)
                if category:
                    yield category, _violation(category, line, f"importing '{alias.name}'")
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    aliases[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif kind == "ImportFrom" and node.module and not node.level:
            category = _module_rule(node.module)
            if category:
                yield category, _violation(category, line, f"importing from '{node.module}'")
            members = MODULE_MEMBERS.get(node.module, {})
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                category = members.get(alias.name) or _module_rule(full)
                if category:
                    yield category, _violation(category, line, f"importing '{full}'")
                if _is_dunder(alias.name) or alias.name in BLOCKED_ATTRS:
                    yield "interpreter internals", _violation("interpreter internals", line, f"importing '{full}'")
                aliases[alias.asname or alias.name] = full
        elif kind == "Name":
            if node.id in BLOCKED_NAMES or (_is_dunder(node.id) and node.id not in ("__name__", "__doc__", "__file__", "__debug__")):
                found = ("interpreter internals", f"using '{node.id}'")
            elif node.id in BLOCKED_BUILTINS and node.id not in aliases and node.id not in bound:
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
            yield found[0], _violation(found[0], line, found[1])


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

