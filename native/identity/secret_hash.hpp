// native/identity/secret_hash.hpp — stored agent secrets: Argon2id (libsodium's crypto_pwhash,
// the parameters OWASP recommends: 19 MiB, 2 passes, 1 lane), never the secret itself; the
// PBKDF2 hashes of older stores, read and upgraded; random tokens from the operating system.
//
// Formats in agents.secret_hash:
//   $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>       current (crypto_pwhash_str)
//   pbkdf2-sha256$<iterations>$<salt>$<hex>            schema <= 5, before this change
//   argon2id+pbkdf2-sha256$<iterations>$<salt>$<argon2id of the pbkdf2 hex>
//                                                      an old hash upgraded at start without
//                                                      the secret; rehashed at the next sign-in
// Hashing is slow on purpose (~tens of ms, 19 MiB): never call these holding a lock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace seam::identity {

//! The Argon2id string of `secret` (fresh random salt).
std::string HashSecret(std::string_view secret);

//! True when `secret` matches `stored` (any format above; false for anything else). The
//! comparison is constant-time; an unreadable `stored` still costs one Argon2id verification,
//! so no outcome is quicker than another.
bool VerifySecret(std::string_view secret, std::string_view stored);

//! The same work as VerifySecret (one Argon2id and the legacy PBKDF2 iterations, as for any
//! stored format), for a login that does not exist: an unknown login takes as long as a wrong
//! secret. Always "fails".
void VerifyAgainstDummy(std::string_view secret);

//! Whether `stored` should be replaced by HashSecret(secret) at the next successful sign-in
//! (an older format, or Argon2id with other parameters).
bool NeedsRehash(std::string_view stored);

//! An old "pbkdf2-sha256$..." hash wrapped in Argon2id (the store upgrades every agent at start,
//! no secret needed); "" when `stored` is not in that format.
std::string UpgradeLegacyHash(std::string_view stored);

//! The pre-Argon2 format, "pbkdf2-sha256$<iterations>$<salt>$<hex>" (OpenSSL's PBKDF2): what
//! older stores hold. Only to read them and to test their upgrade.
std::string LegacyPbkdf2Hash(std::string_view secret, std::string_view salt, int iterations);

//! How many slow verifications (Argon2id) this process ran: seamd's /metrics, and the tests
//! that check an unknown login does the same work as a known one.
std::uint64_t SecretVerifications();

//! How many PBKDF2 iterations this process ran. Every verification (and an unknown login) runs
//! at least the 20000 of the older stores, so a wrapped legacy hash (PBKDF2, then Argon2id)
//! costs no more than the other paths; tests compare these counts between paths.
std::uint64_t SecretPbkdf2Iterations();

//! `bytes` random bytes from the OS (RandomBytes), base64url (no padding).
std::string RandomToken(int bytes);

}  // namespace seam::identity
