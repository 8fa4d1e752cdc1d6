from modeltranslation.translator import TranslationOptions, register

from tickets.models import CannedReply


@register(CannedReply)
class CannedReplyTranslation(TranslationOptions):
    fields = ("title", "body")
