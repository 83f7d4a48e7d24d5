/* A tiny workload for hone init's fixtures: a loop of a known size, then exit 0. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 3000000;
  volatile unsigned long x = 1;
  for (unsigned long i = 0; i < n; ++i) x = x * 6364136223846793005UL + 1442695040888963407UL;
  return 0;
}
