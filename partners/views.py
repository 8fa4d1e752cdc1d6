from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


class LoginView(auth_views.LoginView):
    template_name = "partners/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    return render(request, "partners/home.html")


@require_GET
def healthz(request):
    """For load balancers and compose healthchecks: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
