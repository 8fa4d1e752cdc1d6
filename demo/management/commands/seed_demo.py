"""A demo desk: an operator, two partners with an admin and an agent each, customers in several
languages, subscriptions, invoices (some overdue) and a few tickets. Safe to run again."""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from core.actors import OPERATORS_GROUP, actor_for
from demo.billing import seed_billing
from demo.logins import DEMO_PASSWORD, LOGINS, PARTNERS
from demo.reconciliation import seed_reconciliation
from demo.tickets import seed_tickets
from partners import services
from partners.models import Customer, Membership, Partner

CUSTOMERS = {
    "northwind": [
        ("Shanghai Lantern Ltd", "zh-hans"),
        ("Madrid Datos SL", "es"),
        ("Paris Nuage SA", "fr"),
    ],
    "contoso": [
        ("Milano Calcolo Srl", "it"),
        ("São Paulo Nuvem Ltda", "pt-br"),
        ("Moskva Oblako OOO", "ru"),
        ("Seattle Widgets Inc", "en"),
    ],
}


class Command(BaseCommand):
    help = "Seed a demo desk (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins",
            action="store_true",
            help="Only print the demo logins (make run: last).",
        )

    def handle(self, *args, **options):
        if options["logins"]:
            self._print_logins()
            return
        if options["verbosity"] == 0:  # make run: no line per eagerly run Celery task
            logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
        self._seed()
        if options["verbosity"]:
            self._print_logins()

    @transaction.atomic
    def _seed(self):
        operator = self._operator()
        for name, slug, language, email in PARTNERS:
            partner = Partner.objects.filter(slug=slug).first() or services.partner_create(
                actor=actor_for(operator),
                name=name,
                slug=slug,
                support_email=email,
                default_language=language,
            )
            self._members(operator, partner)
            self._customers(partner)
        seed_billing()
        seed_tickets()
        seed_reconciliation()  # last: its customers have no e-mail, the tickets demo none of them

    def _operator(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username="operator", defaults={"email": "ops@operator.example"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = True
            user.save()
        user.groups.add(Group.objects.get_or_create(name=OPERATORS_GROUP)[0])
        return user

    def _members(self, operator, partner):
        for role in ("admin", "agent"):
            username = f"{partner.slug}-{role}"
            if not Membership.objects.filter(user__username=username).exists():
                services.member_add(
                    actor=actor_for(operator),
                    partner=partner,
                    username=username,
                    password=DEMO_PASSWORD,
                    email=f"{role}@{partner.slug}.example",
                    role=role,
                )

    def _customers(self, partner):
        for name, language in CUSTOMERS[partner.slug]:
            slug = name.split()[0].lower().replace("ã", "a")
            Customer.objects.get_or_create(
                partner=partner,
                name=name,
                defaults={"email": f"billing@{slug}.example", "language": language},
            )

    def _print_logins(self):
        self.stdout.write(self.style.SUCCESS("Demo desk ready. Sign in at /login/ with:"))
        for username, who in LOGINS:
            self.stdout.write(f"  {username:<18} / {DEMO_PASSWORD}   {who}")
