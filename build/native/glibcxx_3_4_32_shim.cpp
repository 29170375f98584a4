// Provides std::ios_base_library_init() at symbol version GLIBCXX_3.4.32 for systems whose
// libstdc++ (GCC 12, Debian 12) predates it. libLibTorchSharp.so from the TorchSharp package
// references this one symbol of GCC 13; GCC 13 uses it only to run the iostream initialiser.
#include <ios>

namespace std {
void ios_base_library_init() { static ios_base::Init initialiser; }
}
