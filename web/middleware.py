from django.utils import translation

from partners.selectors import user_language


class UserLanguageMiddleware:
    """A signed-in user reads the UI in the language they chose (or their partner's default).

    It runs after LocaleMiddleware, so it overrides Accept-Language only for signed-in users
    who have a preference; anonymous visitors keep the cookie / Accept-Language choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user_language(user)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
