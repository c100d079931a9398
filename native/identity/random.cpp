// native/identity/random.cpp — random bytes from the operating system (see random.hpp).
#include "identity/random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>

namespace seam::identity {

void RandomBytes(void* out, std::size_t size) {
    auto* bytes = static_cast<unsigned char*>(out);
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::getrandom(bytes + got, size - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) std::abort();
        got += static_cast<std::size_t>(n);
    }
}

}  // namespace seam::identity
