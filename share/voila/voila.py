# Voila configuration for `make app` (read through --Voila.config_file_paths; the options on
# the Makefile's command line win over anything set here).
#
# A visitor is given a preheated kernel only when one is ready (issue 22). Voila 0.5.13 counts
# a refill that has not started yet (it waits fill_delay seconds, then starts a kernel and runs
# the notebook) as a kernel in its pool, so a visitor who arrives while the pool refills waits
# for that refill: measured, 8.1 s before the page's first byte, against 0.1-0.3 s for a visitor
# given a kernel of their own, whose page (with its first questions as plain HTML) streams at
# once. Here the pool counts only the kernels that are ready, and a visitor takes the first one
# that is.
#
# And the server answers first: every kernel runs at a lower CPU priority (nice 10) than the
# server, so that on a busy machine the pages (and their first questions) stream while the
# kernels compute; a kernel alone on the machine runs as fast as before.
#
# And a visitor who leaves gives their memory back: after a kernel is shut down the server
# collects its garbage and hands freed memory back to the system (glibc's malloc_trim), so that
# after a class has gone the server is back to about its size before.
import contextlib
import ctypes
import gc
import os

import voila.app

KERNEL_NICENESS = 10


def _give_memory_back():
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: the collection only
        ctypes.CDLL("libc.so.6").malloc_trim(0)


_voila_factory = voila.app.voila_kernel_manager_factory


def _ready_kernels_only(base_class, *args, **kwargs):
    class NicerKernels(base_class):
        async def start_kernel(self, *args, **kwargs):
            kernel_id = await super().start_kernel(*args, **kwargs)
            process = getattr(self.get_kernel(kernel_id).provisioner, "process", None)
            if process is not None:
                with contextlib.suppress(OSError):  # a kernel that ended: nothing to lower
                    os.setpriority(os.PRIO_PROCESS, process.pid, KERNEL_NICENESS)
            return kernel_id

        async def shutdown_kernel(self, kernel_id, *args, **kwargs):
            await super().shutdown_kernel(kernel_id, *args, **kwargs)
            _give_memory_back()

    base = _voila_factory(NicerKernels, *args, **kwargs)
    if not hasattr(base, "get_rendered_notebook"):  # preheating is off: no pool to change
        return base

    def ready(task):
        return task.done() and not task.cancelled() and task.exception() is None

    class ReadyPoolKernelManager(base):
        def get_pool_size(self, notebook_name):
            return sum(ready(task) for task in self._pools.get(notebook_name, []))

        async def get_rendered_notebook(self, notebook_name, *args, **kwargs):
            pool = self._pools.get(notebook_name, [])
            pool.sort(key=lambda task: not ready(task))  # the ready ones first, in order
            return await super().get_rendered_notebook(notebook_name, *args, **kwargs)

    return ReadyPoolKernelManager


voila.app.voila_kernel_manager_factory = _ready_kernels_only
