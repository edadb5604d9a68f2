from django.urls import reverse


def test_landing_page_explains_the_programme(client):
    response = client.get(reverse("landing"))
    assert response.status_code == 200
    assert "Comment se déroule un programme" in response.content.decode()
