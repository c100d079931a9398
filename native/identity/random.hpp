// native/identity/random.hpp — random bytes from the operating system, for ids, tokens and salts.
#pragma once

#include <cstddef>

namespace seam::identity {

//! Fills `out` with `size` random bytes (getrandom(2)). Aborts when the OS has none to give: a
//! guessable id or secret is worse than no server.
void RandomBytes(void* out, std::size_t size);

}  // namespace seam::identity
