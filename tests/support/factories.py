"""factory-boy factories for every model tests build directly."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from billing.models import Invoice, Statement, Subscription
from core.actors import OPERATORS_GROUP
from partners.models import Customer, Membership, Partner
from tickets.models import Ticket


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    support_email = factory.LazyAttribute(lambda o: f"support@{o.slug}.example")
    # The test cast works around the clock (SLA hours = wall-clock hours, as before working
    # calendars), so tests on the real clock do not depend on the hour they run at; tests of
    # working time give their partner office hours (tests.support.working_hours).
    work_days = factory.LazyFunction(lambda: [1, 2, 3, 4, 5, 6, 7])
    work_start = 0
    work_end = 24 * 60
    holiday_country = ""


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerFactory)
    role = "agent"


def make_operator(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=OPERATORS_GROUP)[0])
    return user


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Customer {n}")
    email = factory.Sequence(lambda n: f"billing{n}@customer.example")
    language = "en"


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    customer = factory.SubFactory(CustomerFactory)
    partner = factory.SelfAttribute("customer.partner")
    offer = "Azure Virtual Machines"
    quantity = 3


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    customer = factory.SubFactory(CustomerFactory)
    partner = factory.SelfAttribute("customer.partner")
    number = factory.Sequence(lambda n: f"INV-{n:05d}")
    amount = Decimal("1200.00")
    issue_date = factory.LazyFunction(lambda: date.today() - timedelta(days=40))
    due_date = factory.LazyAttribute(lambda o: o.issue_date + timedelta(days=30))


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    partner = factory.SubFactory(PartnerFactory)
    number = factory.Sequence(lambda n: f"ST-{n:05d}")
    amount = Decimal("5000.00")
    due_date = factory.LazyFunction(lambda: date.today() + timedelta(days=15))


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    customer = factory.SubFactory(CustomerFactory)
    partner = factory.SelfAttribute("customer.partner")
    category = "billing_question"
    subject = factory.Sequence(lambda n: f"Question {n}")
    description = "Why is my invoice higher this month?"
