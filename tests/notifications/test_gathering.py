"""notifications.gathering: with a broker, the e-mails committed by many requests are handed to
Celery together, shortly after commit, each id once; without one, at once as before."""

import threading
import time

import pytest
from django.db import transaction

from config.celery import app as celery_app
from notifications import gathering
from notifications.gathering import Gatherer
from tests.support.outbox_helpers import queue_one

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def handed(monkeypatch, settings):
    """A broker is configured (not eager); what would go to it is recorded instead."""
    settings.NOTIFICATION_GATHER_SECONDS = 0.02
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    calls = []
    monkeypatch.setattr(
        gathering, "hand_over_many", lambda ids: calls.append(list(ids)) or len(ids)
    )
    monkeypatch.setattr(gathering, "gatherer", Gatherer())
    yield calls
    celery_app.conf.task_always_eager = eager


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_a_committed_email_is_handed_over_shortly_after_commit(partner, handed):
    with transaction.atomic():
        row = queue_one(partner)
        time.sleep(0.05)
        assert handed == []  # nothing before commit
    assert wait_for(lambda: handed == [[row.pk]])


def test_a_rolled_back_email_is_never_handed_over(partner, handed):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_one(partner)
        raise RuntimeError
    time.sleep(0.1)
    assert handed == []


def test_the_ids_of_many_threads_go_over_together_each_once(handed):
    ids = range(1, 401)
    threads = [
        threading.Thread(target=lambda part=part: [gathering.hand_over_soon(i) for i in part])
        for part in (ids[0::4], ids[1::4], ids[2::4], ids[3::4])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wait_for(lambda: sum(len(call) for call in handed) == 400)
    time.sleep(0.05)
    every = [pk for call in handed for pk in call]
    assert sorted(every) == list(ids)  # none lost, none twice
    assert len(handed) < 40  # gathered, not one hand-over per e-mail


def test_a_stop_hands_over_what_gathered(handed, settings):
    settings.NOTIFICATION_GATHER_SECONDS = 30  # the thread would wait; the stop does not
    gathering.hand_over_soon(7)
    gathering.hand_over_soon(8)
    assert gathering.gatherer.flush() == 2
    assert handed == [[7, 8]]


def test_without_a_broker_the_id_is_handed_over_at_once(monkeypatch):
    assert celery_app.conf.task_always_eager
    seen = []
    monkeypatch.setattr(gathering, "hand_over", seen.append)
    gathering.hand_over_soon(5)
    assert seen == [5]


def test_a_forked_child_starts_empty_and_hands_over_its_own(handed):
    import os

    gathering.gatherer.add(1)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the parent's id is not its own; its own goes over at a flush
        gathering.gatherer.add(2)
        os.write(write, str(gathering.gatherer._ids).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 100) == b"[2]"
    assert wait_for(lambda: handed == [[1]])
