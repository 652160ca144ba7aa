// Sanitizer test builds only: keeps libvlc plugins mapped so LeakSanitizer can judge them.

// libvlc_release unloads every plugin. What their libraries allocated once and still hold
// in static data (ALSA's parsed configuration, codec tables, ...) then looks leaked, with
// stacks into unmapped code that no suppression can name: about 80 KB, the same after 1
// or 200 players. Keeping the libraries mapped keeps that memory reachable, while anything
// a player, media or the instance itself leaks is still reported, because the instance is
// released and its pointer dropped before the leak check runs.
extern "C" int dlclose(void*) {
  return 0;
}
