"""Shared plumbing for server-rendered views: who may open a page, and how a service's refusal
reaches the person who pressed the button.

Web views stay thin: they check the role with one of the decorators below, read through
``for_actor`` querysets, and call services inside ``service_errors`` so that a page shows the
same reason the API gives (both read it with ``core.errors.refusal_of``).
"""

from functools import wraps
from http import HTTPStatus
from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import Resolver404, resolve
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from core.actors import Actor, actor_for
from core.csv_export import serialized_csv_response
from core.errors import REFUSALS, Refusal, refusal_of
from core.validators import whole_number

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100  # ?page_size= on a page that takes it (the API allows 200)

PARTNER_ONLY = _("This page is for partner staff. Operator staff work from the operator console.")
OPERATOR_ONLY = _("This page is for operator staff.")
ADMIN_ONLY = _("Only a partner admin may open this page.")
ADMIN_OR_OPERATOR_ONLY = _("Only a partner admin or operator staff may open this page.")

# role → (what the Actor must be, message shown on the 403 page)
RULES = {
    "partner": (attrgetter("is_partner_user"), PARTNER_ONLY),
    "admin": (attrgetter("is_partner_admin"), ADMIN_ONLY),
    "operator": (attrgetter("is_operator"), OPERATOR_ONLY),
    "admin_or_operator": (
        lambda actor: actor.is_partner_admin or actor.is_operator,
        ADMIN_OR_OPERATOR_ONLY,
    ),
}


def role_required(role: str):
    """Sign-in first, then the role: ``partner`` (admin or agent), ``admin`` or ``operator``.

    The view finds the actor on ``request.actor``. A wrong role is a 403 (never a redirect to
    a page that would show someone else's data); a missing sign-in goes to the sign-in page.
    """
    allowed, refusal = RULES[role]

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.actor = actor_for(request.user)
            if not allowed(request.actor):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def post_action(view):
    """An action URL (``/tickets/4/escalate/``) answers POST. A GET — a reload or Back after the
    page was shown again with a refusal — goes to the page the action belongs to, the nearest
    URL above it (``/tickets/4/``), instead of a bare "405"."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            return redirect(_page_above(request.path))
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, *args, **kwargs)

    return wrapped


def _page_above(path: str) -> str:
    parts = path.strip("/").split("/")
    for end in range(len(parts) - 1, 0, -1):
        candidate = "/" + "/".join(parts[:end]) + "/"
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return candidate
    return "/"


def get_for_actor(actor: Actor, queryset, **lookup):
    """One object the actor may see, else 404: another partner's object is simply not there."""
    return get_object_or_404(queryset.for_actor(actor), **lookup)


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """A page of ``queryset`` for ``?page=``; an out-of-range page shows the last one."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` rows: a page of a long list costs the page, not a
    count of everything. ``capped`` says there are more than ``count`` (the page says "10000+");
    the pages past the cap are not offered."""

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):  # a queryset: count its first cap + 1 ids, unordered
            found = rows.order_by().values("pk")[: self.cap + 1].count()
        else:
            found = len(rows)
        self.capped = found > self.cap
        return min(found, self.cap)

    @property
    def pages_shown(self) -> str:
        """The number of pages as the page says it ("400+" when the count is capped)."""
        pages = self.num_pages
        return f"{pages}+" if self.count and self.capped else str(pages)


def paginate_capped(request, queryset, per_page: int = PAGE_SIZE, *, cap: int):
    """``paginate`` with a ``CappedPaginator``."""
    return CappedPaginator(queryset, per_page, cap=cap).get_page(request.GET.get("page"))


def page_size(request, default: int = PAGE_SIZE) -> int:
    """``?page_size=`` when it is a whole number from 1 to ``MAX_PAGE_SIZE``, else ``default``."""
    asked = whole_number(request.GET.get("page_size"))
    return asked if asked and asked <= MAX_PAGE_SIZE else default


# Lower case: it reads as a statement, ``with service_errors(request, form) as call:``.
class service_errors:  # noqa: N801
    """Run a service call and turn its refusal into what the page shows.

    - ``ValidationError`` → errors on the form's fields (or at the top of the form), or a
      message when there is no form;
    - ``InvalidTransition`` / ``PolicyViolation`` (and django-fsm's refusal) → an error message
      with the service's reason;
    - ``NotAllowed`` → 403, like the API.

    ``call.failed`` tells the view whether to re-render instead of redirecting. The service's
    own ``@transaction.atomic`` has already rolled back whatever it began.
    """

    def __init__(self, request, form=None):
        self.request = request
        self.form = form
        self.failed = False

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc is None or not isinstance(exc, REFUSALS):
            return False
        refusal = refusal_of(exc)
        if refusal.status == HTTPStatus.FORBIDDEN:
            if isinstance(exc, PermissionDenied):
                return False  # already Django's 403
            raise PermissionDenied(refusal.detail) from exc
        if refusal.field_errors is not None:
            self._show_validation(refusal)
        else:
            messages.error(self.request, refusal.detail)
        self.failed = True
        return True

    def _show_validation(self, refusal: Refusal) -> None:
        if self.form is None:
            for message in refusal.messages:
                messages.error(self.request, message)
            return
        for field, errors in refusal.field_errors.items():
            self._add_form_error(field, errors)

    def _add_form_error(self, field: str, errors) -> None:
        if field in self.form.fields:
            self.form.add_error(field, errors)
            return
        # A field the form does not show (e.g. a model field the service checks): keep the
        # reason visible at the top of the form, named after the field.
        label = field.replace("_", " ") if field != NON_FIELD_ERRORS else ""
        self.form.add_error(None, [f"{label}: {error}" if label else error for error in errors])


def next_path(request, default: str) -> str:
    """The ``next`` a form posted, when it is a path of this site; else ``default``.
    (``redirect`` would take a bare word for a view name, and another host is an open redirect.)"""
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return back
    return default


def csv_requested(request) -> bool:
    """A list page asked for its "Export CSV" (``?format=csv``, beside the page's filters)."""
    return request.GET.get("format") == "csv"


def csv_export(*, name: str, serializer_class, rows, context=None):
    """A list page's rows, every one its filters give (not one page), as the list API's CSV: the
    same columns (``serializer_class``, the API's list serializer), streamed with
    ``.iterator()``."""
    return serialized_csv_response(
        name=name, serializer=serializer_class(context=context or {}), rows=rows
    )
