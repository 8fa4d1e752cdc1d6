"""The app's URLs plus one bare DRF endpoint: the floor a benchmark compares its endpoints with.

The floor goes through the same middleware, token authentication and permission check as the
real endpoints, and then answers a constant: what is left is the cost of the stack itself.
"""

from django.urls import path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as app_urlpatterns


class Floor(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        # The creation benchmark's floor: the body parsed, nothing written.
        return Response({"ok": True, "fields": len(request.data)}, status=201)


urlpatterns = [path("api/bench-floor/", Floor.as_view()), *app_urlpatterns]
