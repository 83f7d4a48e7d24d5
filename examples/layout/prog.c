// A model of a machine on which code layout matters: the hot loop runs at full speed only when
// it starts a 64-byte cache line (on real CPUs, loop and function alignment move speed through
// the instruction fetch, the micro-op cache and branch prediction; see bench/layout.sh). The
// program reports the time that model gives, so the example is deterministic: the change that
// only adds an #include moves `hot` and "speeds it up", and hone's [layout] variants show that
// the gain moves with the layout, not with the code.
#include <stdint.h>
#include <stdio.h>

#ifndef LAYOUT_PAD
#define LAYOUT_PAD 0  // the layout variant: bytes of padding before everything below
#endif
#define STR2(x) #x
#define STR(x) STR2(x)
// Everything that moves `hot` lives in one section, in source order (-fno-toplevel-reorder).
#define LAYOUT __attribute__((section(".text.layout"), used))

// First in the section, which it aligns to 64 bytes: LAYOUT_PAD + 8 bytes and a return, so `hot`, aligned to 16, starts LAYOUT_PAD + 16 bytes in.
LAYOUT __attribute__((naked, aligned(64))) void layout_anchor(void) {
  __asm__(".skip " STR(LAYOUT_PAD) " + 8, 0x90\n\tret");
}

LAYOUT __attribute__((noinline, aligned(16))) uint64_t hot(uint64_t n) {
  uint64_t h = 1469598103934665603ull;
  for (uint64_t i = 0; i < n; ++i) h = (h ^ (i & 0xff)) * 1099511628211ull;
  return h;
}

int main(void) {
  volatile uint64_t sink = hot(1000);
  (void)sink;
  unsigned offset = (unsigned)((uintptr_t)&hot % 64);
  printf("hot at offset %u of its cache line\n", offset);
  printf("time: %d ms\n", offset == 0 ? 80 : 100);
  return 0;
}
