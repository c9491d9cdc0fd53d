// Shim for TorchSharp 0.107's libLibTorchSharp.so on Debian bookworm (libstdc++ of GCC 12, up to GLIBCXX_3.4.30).
// libLibTorchSharp.so was built with a newer GCC whose <iostream> makes every translation unit call
// std::ios_base_library_init() (GCC 13, symbol version GLIBCXX_3.4.32) so that libstdc++ initialises cout/cin/cerr.
// GCC 13's own definition is empty; the initialisation itself happens inside libstdc++. GCC 12's libstdc++ has no such
// function and initialises the streams only when an std::ios_base::Init object is constructed, so this file includes
// <iostream>: with GCC 12 that gives this library a static ios_base::Init, constructed when the shim is loaded, before
// libLibTorchSharp.so's own static constructors run (the shim is its first DT_NEEDED). build.sh compiles this file
// and makes the patched libLibTorchSharp.so depend on it.
#include <iostream>

namespace std
{
    void ios_base_library_init() {}
}
