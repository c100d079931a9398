// native/identity/random.cpp — random bytes from the operating system (see random.hpp).
#include "identity/random.hpp"

#include <sodium.h>

#include <cstdlib>

namespace seam::identity {

void EnsureSodium() {
    static const int started = sodium_init();  // 0 = started, 1 = already; -1 = failed
    if (started < 0) std::abort();
}

void RandomBytes(void* out, std::size_t size) {
    EnsureSodium();
    randombytes_buf(out, size);
}

}  // namespace seam::identity
