import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection

from apps.accounts.models import User
from apps.accounts.tests.factories import UserFactory
from apps.core import crypto
from apps.core.fields import blind_index_for

PHONE = "13812345678"


def raw_phone_columns(user):
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_hash FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()


@pytest.fixture
def fresh_fernet():
    """Drop cached key sets before and after, so a test's PII_ENCRYPTION_KEYS take effect and don't leak."""
    crypto._fernet.cache_clear()
    yield
    crypto._fernet.cache_clear()


@pytest.mark.django_db
def test_encrypted_field_stores_no_plaintext():
    user = UserFactory(phone=PHONE)

    phone, phone_hash = raw_phone_columns(user)

    row = f"{phone}|{phone_hash}"
    assert (PHONE in row, PHONE[3:] in row, phone.startswith("gAAAAA")) == (False, False, True)


@pytest.mark.django_db
def test_encrypted_field_decrypts_through_the_orm():
    user = UserFactory(phone=PHONE)

    loaded = User.objects.get(pk=user.pk)

    assert (loaded.phone, loaded.masked_phone) == (PHONE, "138****5678")


@pytest.mark.django_db
def test_encrypted_field_stores_the_normalised_value():
    user = UserFactory(phone="+86 138-1234-5678")

    loaded = User.objects.get(pk=user.pk)

    assert loaded.phone == PHONE


@pytest.mark.django_db
def test_encrypted_field_uses_a_fresh_token_for_each_write():
    first, second = UserFactory(phone=PHONE), UserFactory(phone=PHONE)

    first_token, second_token = raw_phone_columns(first)[0], raw_phone_columns(second)[0]

    assert first_token != second_token


@pytest.mark.django_db
def test_encrypted_field_stores_blank_as_blank():
    user = UserFactory(phone="")

    assert raw_phone_columns(user) == ("", None)


@pytest.mark.django_db
def test_blind_index_is_the_keyed_hash_of_the_normalised_value():
    user = UserFactory(phone=PHONE)

    phone_hash = raw_phone_columns(user)[1]

    assert (phone_hash, len(phone_hash)) == (blind_index_for("mobile", PHONE), 64)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", [PHONE, "+86 138 1234 5678", "0086-138-1234-5678", " 138 1234 5678 "])
def test_blind_index_finds_the_user_from_any_spelling(typed):
    user = UserFactory(phone=PHONE)
    UserFactory(phone="13912345678")

    found = list(User.objects.filter(phone_hash=blind_index_for("mobile", typed)))

    assert found == [user]


@pytest.mark.django_db
def test_blind_index_follows_a_changed_phone():
    user = UserFactory(phone=PHONE)

    user.phone = "13912345678"
    user.save()

    assert (
        list(User.objects.filter(phone_hash=blind_index_for("mobile", "13912345678"))),
        list(User.objects.filter(phone_hash=blind_index_for("mobile", PHONE))),
    ) == ([user], [])


def test_blind_index_depends_on_the_hash_key(settings):
    before = blind_index_for("mobile", PHONE)

    settings.PII_HASH_KEY = "another-hash-key"

    assert blind_index_for("mobile", PHONE) != before


def test_blind_index_separates_normalizers():
    assert blind_index_for("mobile", PHONE) != blind_index_for("text", PHONE)


def test_blind_index_of_blank_is_none():
    assert (blind_index_for("mobile", ""), blind_index_for("mobile", None)) == (None, None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lookup", ["phone", "phone__exact", "phone__iexact", "phone__contains", "phone__startswith", "phone__in"]
)
def test_encrypted_field_refuses_lookups_by_value(lookup):
    value = [PHONE] if lookup.endswith("__in") else PHONE

    with pytest.raises(FieldError) as error:
        User.objects.filter(**{lookup: value})

    assert "phone is encrypted: look it up through its blind index" in str(error.value)


@pytest.mark.django_db
def test_encrypted_field_allows_isnull_lookup():
    user = UserFactory(phone=PHONE)

    assert list(User.objects.filter(phone__isnull=False)) == [user]


@pytest.mark.django_db
def test_encrypted_field_reads_data_written_with_a_rotated_out_key(settings, fresh_fernet):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEYS = [old_key]
    user = UserFactory(phone=PHONE)

    settings.PII_ENCRYPTION_KEYS = [new_key, old_key]
    crypto._fernet.cache_clear()

    assert User.objects.get(pk=user.pk).phone == PHONE


@pytest.mark.django_db
def test_encrypted_field_writes_with_the_newest_key(settings, fresh_fernet):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEYS = [new_key, old_key]

    user = UserFactory(phone=PHONE)

    token = raw_phone_columns(user)[0]
    assert Fernet(new_key.encode()).decrypt(token.encode()).decode() == PHONE


@pytest.mark.django_db
def test_encrypted_field_refuses_data_whose_key_was_dropped(settings, fresh_fernet):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEYS = [old_key]
    user = UserFactory(phone=PHONE)
    settings.PII_ENCRYPTION_KEYS = [new_key]

    with pytest.raises(ImproperlyConfigured) as error:
        User.objects.get(pk=user.pk)

    assert str(error.value) == "Personal data cannot be decrypted with the configured PII_ENCRYPTION_KEYS."


def test_crypto_refuses_a_malformed_key(settings, fresh_fernet):
    settings.PII_ENCRYPTION_KEYS = ["not-a-fernet-key"]

    with pytest.raises(ImproperlyConfigured) as error:
        crypto.encrypt(PHONE)

    assert str(error.value) == "PII_ENCRYPTION_KEYS must hold Fernet keys (urlsafe base64, 32 bytes)."


def test_crypto_round_trips_chinese_text(fresh_fernet):
    token = crypto.encrypt("北京市海淀区")

    assert crypto.decrypt(token) == "北京市海淀区"


@pytest.mark.django_db
def test_saving_only_the_phone_keeps_its_blind_index_in_step(applicant_a):
    applicant_a.phone = "13800001111"
    applicant_a.save()
    applicant_a.phone = "13900002222"

    applicant_a.save(update_fields=["phone"])

    applicant_a.refresh_from_db()
    assert applicant_a.phone_hash == blind_index_for("mobile", "13900002222")
