from siyu.security.passwords import hash_password, verify_password


def test_hash_verifies_and_rejects_wrong_password():
    hashed = hash_password("siyu-demo")
    assert hashed.startswith("scrypt$")
    assert "siyu-demo" not in hashed
    assert verify_password("siyu-demo", hashed)
    assert not verify_password("siyu-dem0", hashed)
    assert not verify_password("", hashed)


def test_salt_is_random_and_malformed_hashes_fail_closed():
    assert hash_password("same") != hash_password("same")
    for bad in ["", "plain", "scrypt$1$2$3$zz$zz", "bcrypt$16384$8$1$00$00", "scrypt$x$8$1$00$00"]:
        assert not verify_password("same", bad)
