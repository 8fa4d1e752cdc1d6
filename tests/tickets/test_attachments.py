"""Attachments: limited in size and type, stored through Django storage, downloaded only by who
may read the message, and always as a download (never rendered inline)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.ticket_states import ticket_in
from tickets.models import Attachment, Message
from tickets.services import attachments

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n"


def upload(api, user, ticket, *files, visibility="public"):
    return api(user).post(
        f"/api/tickets/{ticket.pk}/messages/",
        {"body": "See attached", "visibility": visibility, "files": list(files)},
        format="multipart",
    )


def test_an_allowed_file_is_stored_and_listed_on_its_message(api, agent_user):
    ticket = ticket_in("open", agent_user)
    response = upload(
        api, agent_user, ticket, SimpleUploadedFile("invoice 2026.pdf", PDF, "application/pdf")
    )
    assert response.status_code == 201, response.content
    [listed] = response.json()["attachments"]
    stored = Attachment.objects.get(pk=listed["id"])
    assert listed["filename"] == "invoice_2026.pdf" and listed["content_type"] == "application/pdf"
    assert (
        stored.file.read() == PDF and "invoice" not in stored.file.name
    )  # stored under a random name


def test_the_download_is_always_an_attachment_with_the_server_chosen_type(api, agent_user):
    ticket = ticket_in("open", agent_user)
    upload(api, agent_user, ticket, SimpleUploadedFile("scan.pdf", PDF, "text/html"))
    attachment = Attachment.objects.get()
    response = api(agent_user).get(f"/api/attachments/{attachment.pk}/download/")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and 'filename="scan.pdf"' in response["Content-Disposition"]
    )
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("run.exe", b"MZ\x90\x00", "not accepted"),
        ("page.html", b"<script>alert(1)</script>", "not accepted"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "does not look like"),
    ],
)
def test_a_refused_file_is_a_400_that_names_the_file_and_writes_nothing(
    api, agent_user, name, content, reason
):
    ticket = ticket_in("open", agent_user)
    messages = Message.objects.count()
    response = upload(api, agent_user, ticket, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert name in response.json()["files"][0] and reason in response.json()["files"][0]
    assert Message.objects.count() == messages and not Attachment.objects.exists()


def test_an_empty_file_is_refused(api, agent_user):
    ticket = ticket_in("open", agent_user)
    response = upload(api, agent_user, ticket, SimpleUploadedFile("empty.txt", b""))
    assert response.status_code == 400 and "empty" in str(response.json()["files"])


def test_a_file_over_the_size_limit_is_refused(api, agent_user, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_BYTES", 1024)
    ticket = ticket_in("open", agent_user)
    response = upload(api, agent_user, ticket, SimpleUploadedFile("big.txt", b"x" * 2048))
    assert response.status_code == 400 and "larger than" in response.json()["files"][0]


def test_too_many_files_are_refused(api, agent_user):
    ticket = ticket_in("open", agent_user)
    files = [SimpleUploadedFile(f"f{n}.txt", b"hello") for n in range(attachments.MAX_FILES + 1)]
    assert upload(api, agent_user, ticket, *files).status_code == 400


def test_another_partner_cannot_download_it(api, agent_user, other_agent_user):
    ticket = ticket_in("open", agent_user)
    upload(api, agent_user, ticket, SimpleUploadedFile("a.txt", b"hello"))
    attachment = Attachment.objects.get()
    assert (
        api(other_agent_user).get(f"/api/attachments/{attachment.pk}/download/").status_code == 404
    )
    assert api(None).get(f"/api/attachments/{attachment.pk}/download/").status_code == 401


def test_the_customer_downloads_public_files_from_the_status_page_but_never_internal_ones(
    api, client, agent_user
):
    ticket = ticket_in("open", agent_user)
    upload(api, agent_user, ticket, SimpleUploadedFile("public.txt", b"for you"))
    upload(
        api,
        agent_user,
        ticket,
        SimpleUploadedFile("internal.txt", b"not for you"),
        visibility="internal",
    )
    public, internal = (
        Attachment.objects.get(filename="public.txt"),
        Attachment.objects.get(filename="internal.txt"),
    )
    base = f"/status/{ticket.status_token}/files"
    response = client.get(f"{base}/{public.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert client.get(f"{base}/{internal.pk}/").status_code == 404
    assert client.get(f"/status/not-the-token/files/{public.pk}/").status_code == 404
