from django.urls import reverse


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_hub_manager_sees_the_dashboard(client_for, hub_manager_a):
    response = client_for(hub_manager_a).get(reverse("dashboard"))

    assert response.status_code == 200
