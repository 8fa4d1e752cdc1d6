from modeltranslation.translator import TranslationOptions, register

from billing.models import CollectionsPolicy


@register(CollectionsPolicy)
class CollectionsPolicyTranslation(TranslationOptions):
    fields = ("description",)
