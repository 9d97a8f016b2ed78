"""Who may see what: the one place that turns a user into the hubs and schools in their scope.

Every app's `visible_to(user)` queryset methods start from `scope_for(user)`, and so do the
predicates of each app's policy module (`hubs.permissions`, `reviews.permissions`,
`brokering.permissions`), which views, sections and pages ask. The scope is worked out once per
user object (three small queries) and kept on it for the rest of the request.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Scope:
    whole_network: bool = False
    managed_hub_ids: frozenset[int] = field(default_factory=frozenset)
    partner_hub_ids: frozenset[int] = field(default_factory=frozenset)
    contact_school_ids: frozenset[int] = field(default_factory=frozenset)
    # The schools the user is a contact of as the headteacher, who alone rates its reviews.
    headteacher_school_ids: frozenset[int] = field(default_factory=frozenset)
    # The hubs the user's schools are in now: their contacts read the hub's page.
    contact_hub_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def hub_ids(self) -> frozenset[int]:
        """Hubs whose dashboard the user reads: as hub manager or senior partner."""
        return self.managed_hub_ids | self.partner_hub_ids

    @property
    def is_hub_manager(self) -> bool:
        return bool(self.managed_hub_ids)

    @property
    def is_senior_partner(self) -> bool:
        return bool(self.partner_hub_ids)

    @property
    def is_school_contact(self) -> bool:
        return bool(self.contact_school_ids)


NO_SCOPE = Scope()


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_partnership_scope", None)
    if cached is not None:
        return cached
    from hubs.models import Hub, SchoolContact

    # The central team and admins see every hub, school, review and request.
    if user.is_central_team or user.is_superuser:
        scope = Scope(whole_network=True)
    else:
        contacts = list(
            SchoolContact.objects.filter(user_id=user.pk).values_list(
                "school_id", "is_headteacher", "school__hub_id"
            )
        )
        scope = Scope(
            managed_hub_ids=frozenset(
                Hub.managers.through.objects.filter(user_id=user.pk).values_list(
                    "hub_id", flat=True
                )
            ),
            partner_hub_ids=frozenset(
                Hub.objects.filter(senior_partner_id=user.pk).values_list("id", flat=True)
            ),
            contact_school_ids=frozenset(school_id for school_id, _, _ in contacts),
            headteacher_school_ids=frozenset(school_id for school_id, head, _ in contacts if head),
            contact_hub_ids=frozenset(hub_id for _, _, hub_id in contacts if hub_id),
        )
    user._partnership_scope = scope
    return scope


def scopes_for(users) -> None:
    """Works out the scope of many users at once (three queries, whatever their number) and
    keeps each on its user object, as `scope_for` would one by one: for the weekly digest."""
    from hubs.models import Hub, SchoolContact

    pending = {
        user.pk: user
        for user in users
        if user.is_authenticated
        and user.is_active
        and getattr(user, "_partnership_scope", None) is None
        and not (user.is_central_team or user.is_superuser)
    }
    for user in users:
        if user.pk not in pending:
            scope_for(user)
    if not pending:
        return
    managed, partnered, contacts = {}, {}, {}
    for user_id, hub_id in Hub.managers.through.objects.filter(user_id__in=pending).values_list(
        "user_id", "hub_id"
    ):
        managed.setdefault(user_id, set()).add(hub_id)
    for user_id, hub_id in Hub.objects.filter(senior_partner_id__in=pending).values_list(
        "senior_partner_id", "id"
    ):
        partnered.setdefault(user_id, set()).add(hub_id)
    for user_id, school_id, head, hub_id in SchoolContact.objects.filter(
        user_id__in=pending
    ).values_list("user_id", "school_id", "is_headteacher", "school__hub_id"):
        contacts.setdefault(user_id, []).append((school_id, head, hub_id))
    for user_id, user in pending.items():
        theirs = contacts.get(user_id, [])
        user._partnership_scope = Scope(
            managed_hub_ids=frozenset(managed.get(user_id, ())),
            partner_hub_ids=frozenset(partnered.get(user_id, ())),
            contact_school_ids=frozenset(school_id for school_id, _, _ in theirs),
            headteacher_school_ids=frozenset(school_id for school_id, head, _ in theirs if head),
            contact_hub_ids=frozenset(hub_id for _, _, hub_id in theirs if hub_id),
        )


def require_change_permission(allowed: bool) -> None:
    """A user who may see an object but not change it gets 403."""
    if not allowed:
        raise PermissionDenied("You can read this but not change it.")
