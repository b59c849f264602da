"""The sign-in form in keyboard order: e-mail, password, then "forgot password"."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["es", "en"])
def test_forgot_password_link_comes_after_the_password_field(
    client, site_tree, language
):
    html = client.get(f"/{language}/accounts/login/").content.decode()
    form = html.split("<form", 1)[1].split("</form>", 1)[0]
    # Tab order is document order: nothing in the form reorders it.
    assert not re.search(r'tabindex="[1-9]', form)
    login = form.index('id="id_login"')
    password = form.index('id="id_password"')
    forgot = form.index(f'href="/{language}/accounts/password/reset/"')
    submit = form.index('type="submit"')
    assert login < password < forgot < submit
    # The link stays tied to the field it helps with.
    assert 'aria-describedby="id_password_helptext"' in form
    assert 'id="id_password_helptext"' in form
