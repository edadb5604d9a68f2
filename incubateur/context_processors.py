from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.access import roles_of


def navigation(request):
    """The main menu, by role. Computed lazily: pages that don't render it pay nothing."""

    def items():
        user = request.user
        # The knowledge base: published problems for everyone (knowledge/access.py).
        search = {"label": _("Rechercher"), "url": reverse("knowledge:search")}
        if not user.is_authenticated:
            return [{"label": _("Accueil"), "url": reverse("landing")}, search]
        roles = roles_of(user)
        menu = [{"label": _("Mon espace"), "url": reverse("home")}]
        if roles.has_any:
            menu.append({"label": _("Programmes"), "url": reverse("programmes:programme_list")})
        menu.append(search)
        if roles.manages_collectivities:
            menu.append(
                {"label": _("Collectivités"), "url": reverse("programmes:collectivity_list")}
            )
        if roles.is_admin:
            menu.append(
                {
                    "label": _("Tableau de bord national"),
                    "url": reverse("programmes:national_dashboard"),
                }
            )
            menu.append({"label": _("Administration"), "url": reverse("admin:index")})
        return menu

    return {"main_menu": items, "user_roles": lambda: roles_of(request.user)}
