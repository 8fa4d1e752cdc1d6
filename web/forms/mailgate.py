"""The form of a partner's own IMAP mailbox (``mailgate.services.partner_mailbox_set`` decides)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.ui.forms import DeskForm


class MailboxForm(DeskForm):
    host = forms.CharField(label=_("IMAP host"), max_length=253)
    port = forms.IntegerField(label=_("Port"), min_value=1, max_value=65535, initial=993)
    ssl = forms.BooleanField(
        label=_("TLS"), required=False, initial=True, help_text=_("Port 993 with TLS, 143 without.")
    )
    user = forms.CharField(label=_("User name"), max_length=254)
    password = forms.CharField(
        label=_("Password"),
        max_length=254,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    folder = forms.CharField(label=_("Folder"), max_length=200, initial="INBOX")
    done_folder = forms.CharField(
        label=_("Folder for handled mail"),
        max_length=200,
        required=False,
        help_text=_("Empty: a handled message is marked as read and stays where it is."),
    )
    active = forms.BooleanField(label=_("Poll this mailbox"), required=False, initial=True)

    def __init__(self, *args, password_set: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = (
            _("A password is set; it is never shown. Leave this empty to keep it.")
            if password_set
            else _("Needed to log in; it is never shown again.")
        )
