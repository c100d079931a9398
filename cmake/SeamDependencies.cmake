# cmake/SeamDependencies.cmake — third-party packages (all from Debian) for both toolchains.
#
# Native: regular find_package / pkg-config. Emscripten 3.1.6 never searches /usr/include and
# breaks when it is added (glibc headers shadow the wasm libc), so only the header-only packages
# are exposed to em++ through a directory of symlinks (see ../shared/TOOLCHAIN.md).

find_program(SEAM_CCACHE ccache)
if(SEAM_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${SEAM_CCACHE}")
endif()

if(EMSCRIPTEN)
  set(SEAM_HOST_HEADERS "${CMAKE_BINARY_DIR}/host-headers")
  file(MAKE_DIRECTORY "${SEAM_HOST_HEADERS}")
  foreach(dir nlohmann doctest)
    if(NOT EXISTS "/usr/include/${dir}")
      message(FATAL_ERROR "seam: /usr/include/${dir} is missing; run scripts/setup")
    endif()
    file(CREATE_LINK "/usr/include/${dir}" "${SEAM_HOST_HEADERS}/${dir}" SYMBOLIC)
  endforeach()
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE "${SEAM_HOST_HEADERS}")
  add_library(doctest::doctest INTERFACE IMPORTED)
  target_include_directories(doctest::doctest SYSTEM INTERFACE "${SEAM_HOST_HEADERS}")

  # The JS optimizer of Debian's emcc needs Debian's node-acorn at -O2 and above.
  set(CMAKE_CXX_LINKER_LAUNCHER env NODE_PATH=/usr/share/nodejs)
  # emcmake injects an emulator flag node 20 rejects; node 18+ also needs fetch off for 3.1.6 glue.
  set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/node --no-experimental-fetch)
else()
  find_package(nlohmann_json 3.11 REQUIRED)
  find_package(doctest REQUIRED)
  find_package(PkgConfig REQUIRED)
  # Debian ships cpp-httplib split (declarations in the header, code in the .so); its pkg-config
  # cflags are required, or the ABI silently differs (TOOLCHAIN.md).
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
  find_package(SQLite3 REQUIRED)
  find_package(Threads REQUIRED)
  # seamd's cryptography from kept libraries: libsodium (Argon2id agent secrets, SHA-256,
  # HMAC-SHA256, OS random) and OpenSSL's libcrypto (PBKDF2, only to read older stores' hashes).
  pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
  find_package(OpenSSL REQUIRED COMPONENTS Crypto)
  # The PostgreSQL store engine (issue 20): Debian's libpq (libpq-dev).
  pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
endif()
