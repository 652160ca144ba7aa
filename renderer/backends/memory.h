// Allocator settings for a process that runs for days: large buffers go back to the OS when freed.
#pragma once

namespace marquee::backends {

// glibc raises its mmap threshold each time a large block is freed, after which frame-
// and image-sized blocks come from the heap arenas that libvlc's and SDL's threads use,
// and the free space they leave behind stays resident. A soak over the expo-hall
// playlist climbed 3 MB at a time for a whole day that way. A fixed threshold keeps
// such blocks mapped on their own and unmapped when freed, so RSS follows what is in use.
void keep_large_blocks_off_the_heap();

}  // namespace marquee::backends
