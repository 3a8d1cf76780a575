"""The home page sends each person to where they start."""

from __future__ import annotations


def test_home_links_to_the_pupil_join_page_and_the_staff_sign_in(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/join"' in page
    assert 'href="/staff/login"' in page
    assert client.get("/join").status_code == 200
    assert client.get("/staff/login").status_code == 200


def test_staff_pages_need_a_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/staff/login" in response.headers["Location"]


def test_health_check_reaches_the_database(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
