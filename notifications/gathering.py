"""Hand-overs gathered per process: the e-mails that many requests commit go to Celery together.

With a broker, ``notification_queue`` does not publish one task inside each request at commit:
it gives the committed row's id to this process's gatherer, and a background thread publishes
what gathered at most ``NOTIFICATION_GATHER_SECONDS`` later, through ``hand_over_many`` (one
``deliver_many`` task per 100 ids, over one broker connection). A request pays neither the
broker round trip nor a task message of its own; the worker claims the rows as ever
(``status = 'queued'``), so an id handed over twice is still sent once.

What the thread has not published when the process dies (killed, not stopped: a stop publishes
the rest) is a row still ``queued`` in the outbox, as after a broker outage at commit: the
sweeper hands it over. Without a broker (tests, ``make run``) the id is handed over at once, as
before (``hand_over``).
"""

import atexit
import logging
import os
import threading
import time

from django.conf import settings

from notifications.tasks import deliver, hand_over, hand_over_many

logger = logging.getLogger(__name__)


class Gatherer:
    """Ids waiting for their hand-over, and the thread that hands them over."""

    def __init__(self):
        self._lock = threading.Lock()
        self._ids: list[int] = []
        self._due = threading.Event()
        self._pid: int | None = None

    def add(self, notification_id: int) -> None:
        with self._lock:
            self._ids.append(notification_id)
            if self._pid != os.getpid():  # first use in this process (a fork has no thread)
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="outbox-gatherer", daemon=True).start()
        self._due.set()

    def flush(self) -> int:
        """Hand over every id gathered so far; how many went to the broker."""
        with self._lock:
            ids, self._ids = self._ids, []
        return hand_over_many(ids) if ids else 0

    def _run(self) -> None:
        while True:
            self._due.wait()
            # Let the ids of the next requests gather: one task for all of them.
            time.sleep(getattr(settings, "NOTIFICATION_GATHER_SECONDS", 0.05))
            self._due.clear()
            try:
                self.flush()
            except Exception:  # hand_over_many never raises; a bug here must not stop the thread
                logger.exception("The outbox gatherer failed; the sweeper hands the rows over.")

    def forget(self) -> None:
        """In a forked child: the parent's ids are the parent's to hand over, its lock and thread
        are not the child's."""
        self.__init__()


gatherer = Gatherer()
atexit.register(lambda: gatherer.flush())
os.register_at_fork(after_in_child=lambda: gatherer.forget())


def hand_over_soon(notification_id: int) -> None:
    """After commit: the row goes to Celery with the others of the next moment (a broker), or at
    once (no broker)."""
    if deliver.app.conf.task_always_eager:
        hand_over(notification_id)
    else:
        gatherer.add(notification_id)
