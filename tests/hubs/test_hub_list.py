from django.urls import reverse

from tests.factories.hubs import SchoolFactory

URL = reverse("hubs:list")


def rows(response) -> list:
    return [row.record for row in response.context["table"].page.object_list]


def test_central_team_sees_every_hub_with_its_schools_and_pupils(
    client_for, central_team, hub_a, hub_b
):
    SchoolFactory.create_batch(2, hub=hub_a, pupils_on_roll=300)
    SchoolFactory(hub=hub_b, pupils_on_roll=None)

    response = client_for(central_team).get(URL)

    hubs = rows(response)
    assert [(hub.name, hub.school_count, hub.pupils) for hub in hubs] == [
        ("Hub A", 2, 600),
        ("Hub B", 1, None),
    ]


def test_hub_without_schools_counts_none(client_for, central_team, hub_a):
    [hub] = rows(client_for(central_team).get(URL))

    assert (hub.school_count, hub.pupils) == (0, None)


def test_hub_manager_sees_only_their_hub(client_for, hub_manager_a, hub_b):
    response = client_for(hub_manager_a).get(URL)

    assert [hub.name for hub in rows(response)] == ["Hub A"]
    assert b"Hub B" not in response.content


def test_senior_partner_sees_only_their_hub(client_for, senior_partner_a, hub_b):
    response = client_for(senior_partner_a).get(URL)

    assert [hub.name for hub in rows(response)] == ["Hub A"]


def test_school_contact_sees_no_hubs(client_for, contact_b):
    response = client_for(contact_b).get(URL)

    assert rows(response) == []


def test_shows_senior_partner_and_region(client_for, central_team, senior_partner_a):
    content = client_for(central_team).get(URL).content.decode()

    assert "Sam Partner" in content
    assert "North West" in content


def test_sorts_by_number_of_schools(client_for, central_team, hub_a, hub_b):
    SchoolFactory.create_batch(2, hub=hub_b)

    response = client_for(central_team).get(URL, {"sort": "-school_count"})

    assert [hub.name for hub in rows(response)] == ["Hub B", "Hub A"]
