"""core.locking: row locks only inside a transaction, always in key order."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.locking import LockError, lock_row, lock_rows


@pytest.mark.django_db(transaction=True)
def test_lock_refuses_to_run_outside_a_transaction():
    group = Group.objects.create(name="lock-outside")
    with pytest.raises(LockError):
        lock_row(Group, group.pk)
    with transaction.atomic():
        assert lock_row(Group, group.pk) == group


@pytest.mark.django_db
def test_lock_returns_fresh_rows_in_key_order():
    first, second, third = (
        Group.objects.create(name=f"lock-{number}") for number in range(3)
    )
    Group.objects.filter(pk=second.pk).update(name="changed elsewhere")
    with CaptureQueriesContext(connection) as queries:
        rows = lock_rows(Group, [third.pk, first.pk, second.pk, first.pk])
    assert rows == [first, second, third]
    assert rows[1].name == "changed elsewhere"
    sql = queries.captured_queries[-1]["sql"].upper()
    assert "ORDER BY" in sql
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in sql


@pytest.mark.django_db
def test_lock_of_a_missing_row_raises_does_not_exist():
    with pytest.raises(Group.DoesNotExist):
        lock_row(Group, 987654)
