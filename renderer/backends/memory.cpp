// keep_large_blocks_off_the_heap: mallopt for glibc; a no-op elsewhere.
#include "backends/memory.h"

#include <cstddef>  // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace marquee::backends {

void keep_large_blocks_off_the_heap() {
#if defined(__GLIBC__)
  // 512 KiB: a 1080p frame is 3 MB, a decoded 1080p image 8 MB; text and YAML stay below.
  mallopt(M_MMAP_THRESHOLD, 512 * 1024);
#endif
}

}  // namespace marquee::backends
