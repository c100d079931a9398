// tests/native/test_identity.cpp — the hashes, signatures and tokens under seamd's identity
// checks, against published test vectors (FIPS 180-4 examples, RFC 4231, RFC 4648, jwt.io).
#include <doctest/doctest.h>

#include <string>

#include "identity/base64url.hpp"
#include "identity/hmac.hpp"
#include "identity/jwt.hpp"
#include "identity/secret_hash.hpp"
#include "identity/sha256.hpp"

using namespace seam::identity;
using nlohmann::json;

TEST_CASE("identity: SHA-256 of the FIPS 180-4 examples") {
    CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    Sha256 million;  // fed in uneven pieces, across block boundaries
    const std::string piece(997, 'a');
    std::size_t fed = 0;
    while (fed + piece.size() <= 1000000) {
        million.Update(piece);
        fed += piece.size();
    }
    million.Update(std::string(1000000 - fed, 'a'));
    CHECK(Hex(million.Finish()) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("identity: HMAC-SHA256 of RFC 4231 cases 1, 2 and 6 (key longer than a block)") {
    CHECK(HmacSha256Hex(std::string(20, '\x0b'), "Hi There") ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(HmacSha256Hex("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(HmacSha256Hex(std::string(131, '\xaa'),
                        "Test Using Larger Than Block-Size Key - Hash Key First") ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(ConstantTimeEquals("abc", "abc"));
    CHECK_FALSE(ConstantTimeEquals("abc", "abd"));
    CHECK_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST_CASE("identity: base64url round trips and refuses what is not base64url") {
    CHECK(Base64UrlEncode("f") == "Zg");
    CHECK(Base64UrlEncode("fo") == "Zm8");
    CHECK(Base64UrlEncode("foo") == "Zm9v");
    CHECK(Base64UrlEncode("\xfb\xff") == "-_8");
    for (const std::string s : {"", "a", "ab", "abc", "abcd", "\x00\x01\xfe\xff"}) {
        CHECK(Base64UrlDecode(Base64UrlEncode(s)).value() == s);
    }
    CHECK_FALSE(Base64UrlDecode("Zg==").has_value());  // padding is not base64url here
    CHECK_FALSE(Base64UrlDecode("Z").has_value());
    CHECK_FALSE(Base64UrlDecode("Zh").has_value());  // non-zero leftover bits: not canonical
    CHECK_FALSE(Base64UrlDecode("a+b/").has_value());
}

TEST_CASE("identity: HS256 tokens — valid, forged, altered, expired, unsigned, malformed") {
    const std::int64_t now = 1795000000;
    const std::string token = SignJwt({{"sub", "demo-ana"}, {"exp", now + 600}}, "site-secret");
    auto ok = VerifyJwt(token, "site-secret", now);
    REQUIRE(ok);
    CHECK(ok.value()["sub"] == "demo-ana");

    CHECK(VerifyJwt(token, "other-secret", now).error().id == "seam.identity.signature");
    CHECK(VerifyJwt(token, "site-secret", now + 601 + 60).error().id == "seam.identity.expired");
    CHECK(VerifyJwt(token, "site-secret", now + 630));  // within the clock-skew leeway

    // The payload swapped for another customer's keeps the old signature: refused.
    const std::string other = SignJwt({{"sub", "demo-tom"}, {"exp", now + 600}}, "x");
    const std::string spliced = token.substr(0, token.find('.')) +
                                other.substr(other.find('.'), other.rfind('.') - other.find('.')) +
                                token.substr(token.rfind('.'));
    CHECK(VerifyJwt(spliced, "site-secret", now).error().id == "seam.identity.signature");

    // alg "none" with no signature is refused before anything else.
    const std::string none = Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." +
                             Base64UrlEncode(json{{"sub", "demo-ana"}, {"exp", now + 60}}.dump()) +
                             ".";
    CHECK(VerifyJwt(none, "site-secret", now).error().id == "seam.identity.algorithm");
    CHECK(VerifyJwt("not a token", "site-secret", now).error().id == "seam.identity.malformed");
    CHECK(VerifyJwt("a.b.c.d", "site-secret", now).error().id == "seam.identity.malformed");

    // jwt.io's example token: the signature is right, but it carries no expiry.
    const char* example =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwia"
        "WF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    CHECK(VerifyJwt(example, "your-256-bit-secret", now).error().id == "seam.identity.claims");
}

TEST_CASE("identity: stored secrets are Argon2id (OWASP parameters), salted; tokens are random") {
    const std::string stored = HashSecret("maya-demo-secret");
    CHECK(stored.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
    CHECK(VerifySecret("maya-demo-secret", stored));
    CHECK_FALSE(VerifySecret("maya-demo-secreT", stored));
    CHECK_FALSE(VerifySecret("maya-demo-secret", "plain-text"));
    CHECK(HashSecret("s") != HashSecret("s"));  // a fresh salt each time
    CHECK_FALSE(NeedsRehash(stored));
    CHECK(UpgradeLegacyHash(stored).empty());
    const std::string a = RandomToken(32), b = RandomToken(32);
    CHECK(a.size() == 43);
    CHECK(a != b);
}

// Issue 17: stores from before Argon2id hold PBKDF2 hashes; they keep verifying, are wrapped in
// Argon2id at start (no secret needed) and replaced at the next sign-in.
TEST_CASE("identity: issue 17 — PBKDF2 hashes of older stores verify, and upgrade") {
    // RFC 7914 §11 (PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1), first 32 bytes.
    CHECK(LegacyPbkdf2Hash("passwd", "salt", 1) ==
          "pbkdf2-sha256$1$salt$55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    const std::string legacy = LegacyPbkdf2Hash("maya-demo-secret", "salt1234", 20000);
    CHECK(VerifySecret("maya-demo-secret", legacy));
    CHECK_FALSE(VerifySecret("maya-demo-secreT", legacy));
    CHECK(NeedsRehash(legacy));
    const std::string wrapped = UpgradeLegacyHash(legacy);
    CHECK(wrapped.rfind("argon2id+pbkdf2-sha256$20000$salt1234$$argon2id$", 0) == 0);
    CHECK(wrapped.find(legacy.substr(legacy.rfind('$') + 1)) == std::string::npos);
    CHECK(VerifySecret("maya-demo-secret", wrapped));
    CHECK_FALSE(VerifySecret("maya-demo-secreT", wrapped));
    CHECK(NeedsRehash(wrapped));
    CHECK(UpgradeLegacyHash("pbkdf2-sha256$x$salt$00").empty());
}

// Issue 17: an unknown login (no stored hash) does the same slow work as a wrong secret.
TEST_CASE("identity: issue 17 — every failed verification costs one Argon2id check") {
    const std::string stored = HashSecret("right");
    const std::uint64_t before = SecretVerifications();
    CHECK_FALSE(VerifySecret("wrong", stored));
    CHECK(SecretVerifications() == before + 1);
    VerifyAgainstDummy("anything");
    CHECK(SecretVerifications() == before + 2);
    CHECK_FALSE(VerifySecret("wrong", "garbage-not-a-hash"));
    CHECK(SecretVerifications() == before + 3);
}

// Issue 17: one key per purpose, derived from the site secret; a site computes the same.
TEST_CASE("identity: issue 17 — keys per purpose are HMAC-SHA256(secret, \"seam/v1/\" + purpose)") {
    CHECK(DeriveKey("test-site-secret", "identity-token") ==
          "350dc711c1af8817667fc8c15baceaaf9b9c08403c5f61c508462a9506f0614e");
    CHECK(DeriveKey("test-site-secret", "user-hash") !=
          DeriveKey("test-site-secret", "identity-token"));
    CHECK(DeriveKey("other-secret", "user-hash") != DeriveKey("test-site-secret", "user-hash"));
}
