// bench/layout: a hot loop whose speed depends only on where it lands. LAYOUT_PAD bytes of code
// before it move it at byte granularity (functions and loops unaligned).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#ifndef LAYOUT_PAD
#define LAYOUT_PAD 0
#endif
#define STR2(x) #x
#define STR(x) STR2(x)
#define LAYOUT __attribute__((section(".text.layout"), used))
LAYOUT __attribute__((naked, aligned(64))) void layout_anchor(void) {
  __asm__(".skip " STR(LAYOUT_PAD) " + 1, 0x90\n\tret");
}
#ifdef EXTRA
#include "extra.h"
#endif
LAYOUT __attribute__((noinline)) uint32_t hot(const uint8_t* p, long n) {
  uint32_t h = 0;
  for (long i = 0; i < n; ++i) {
    uint8_t c = p[i];
    if (c < 64) h = h * 31 + c;
    else if (c < 128) h ^= c << 3;
    else h += c;
  }
  return h;
}
int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 1 << 16;
  int reps = argc > 2 ? atoi(argv[2]) : 400;
  uint8_t* buf = malloc(n);
  uint32_t x = 12345;
  for (long i = 0; i < n; ++i) { x = x * 1103515245 + 12345; buf[i] = (uint8_t)(x >> 16); }
  uint32_t h = 0;
  uint32_t (*volatile f)(const uint8_t*, long) = hot;
  for (int r = 0; r < reps; ++r) h += f(buf, n);
  printf("%u %u\n", h, (unsigned)((uintptr_t)&hot % 64));
  return 0;
}
