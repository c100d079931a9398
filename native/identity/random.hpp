// native/identity/random.hpp — random bytes from the operating system, for ids, tokens and salts
// (libsodium's randombytes_buf: getrandom(2)), and libsodium's one-time start.
#pragma once

#include <cstddef>

namespace seam::identity {

//! Fills `out` with `size` random bytes. Aborts when the OS has none to give: a guessable id or
//! secret is worse than no server.
void RandomBytes(void* out, std::size_t size);

//! sodium_init() once (thread-safe); aborts when libsodium cannot start (no random source).
//! Every identity function calls it; callers need not.
void EnsureSodium();

}  // namespace seam::identity
