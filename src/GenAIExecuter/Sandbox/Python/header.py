# GenAI Executer's trusted runner. The .NET side starts it (under bubblewrap where available) as
#   python -I -S -B genai_runner.pyc once [--pid-namespace]   (one run: request on stdin, frames on stdout)
#   python -I -S -B genai_runner.pyc serve                    (fork server: many concurrent runs)
# It never runs user code itself. For each request it hands the code to a worker forked ahead of time; the worker
# applies the limits and, in SAFE mode, the static policy and the audit guard, then runs the code. The runner relays
# the output, enforces the timeout, kills the run's whole process tree and reports one result.
# Start-up cost matters, so the runner imports only built-in C modules (no json, re, enum, signal, selectors).
import os
import sys
import resource
import select
import _signal

FRAME_MAX = 4096  # PIPE_BUF: frames this small are written to a pipe atomically
PAYLOAD_MAX = FRAME_MAX - 9
USER_FILE = "<code>"
EXIT_VIOLATION = 86
EXIT_KERNEL = 87  # a kernel layer the request named could not be applied
