# cmake/SeamTargets.cmake — one place for how every Seam target is compiled.
#
# seam_apply_defaults(<target> [EXCEPTIONS])
#   - warnings -Wall -Wextra -Wpedantic (errors unless SEAM_WERROR=OFF) for Seam's own code;
#     third-party headers come in as SYSTEM includes so their warnings never fail the build;
#   - no C++ exceptions unless EXCEPTIONS is given: the portable core reports errors as values and
#     must behave the same under g++ and em++, whose default exception handling differs;
#   - sanitizers when SEAM_SANITIZE is on (native only);
#   - libFuzzer coverage + ASan + UBSan when SEAM_FUZZ is on (clang only, build/tree-fuzz): every
#     target is instrumented (-fsanitize=fuzzer-no-link), the harnesses in tests/fuzz/ link the
#     fuzzer's main (-fsanitize=fuzzer, see tests/fuzz/CMakeLists.txt).

set(SEAM_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)

if(SEAM_FUZZ)
  if(EMSCRIPTEN OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "seam: SEAM_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++-14, as `scripts/build fuzz` does")
  endif()
  set(SEAM_SANITIZER_FLAGS -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
elseif(SEAM_SANITIZE AND NOT EMSCRIPTEN)
  set(SEAM_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
endif()

function(seam_apply_defaults target)
  cmake_parse_arguments(ARG "EXCEPTIONS" "" "" ${ARGN})
  target_compile_options(${target} PRIVATE ${SEAM_WARNINGS})
  if(SEAM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(NOT ARG_EXCEPTIONS)
    target_compile_options(${target} PRIVATE -fno-exceptions)
  endif()
  if(SEAM_SANITIZER_FLAGS)
    target_compile_options(${target} PRIVATE ${SEAM_SANITIZER_FLAGS})
    target_link_options(${target} PRIVATE ${SEAM_SANITIZER_FLAGS})
  endif()
endfunction()

# seam_test_code(<target>): a test program's own sources (natively, not the fuzzers) compile at -O0
# (with line tables under the sanitizers): g++ spends 3-4x longer on a doctest file full of JSON at
# -O3 than at -O0, and CI builds every tree from nothing. The code under test keeps the tree's own
# optimisation: it is linked in from the libraries.
function(seam_test_code target)
  if(NOT EMSCRIPTEN AND NOT SEAM_FUZZ)
    target_compile_options(${target} PRIVATE -O0)
    if(SEAM_SANITIZE)
      target_compile_options(${target} PRIVATE -g1)
    endif()
  endif()
endfunction()

# seam_program(<target>): a native program, lands in ${SEAM_OUTPUT_DIR}/bin.
function(seam_program target)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${SEAM_OUTPUT_DIR}/bin")
endfunction()

# seam_node_program(<target>): a WASM program run under node (tests, CLI), lands in
# ${SEAM_OUTPUT_DIR}/wasm with direct access to the host file system (NODERAWFS).
function(seam_node_program target)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${SEAM_OUTPUT_DIR}/wasm"
                                             SUFFIX ".js")
  target_link_options(${target} PRIVATE -sENVIRONMENT=node -sNODERAWFS=1 -sEXIT_RUNTIME=1
                      -sALLOW_MEMORY_GROWTH=1 -sWASM_ASYNC_COMPILATION=0)
endfunction()
