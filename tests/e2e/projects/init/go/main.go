// A tiny workload for hone init's Go fixture.
package main

import (
	"os"
	"strconv"
)

func main() {
	n := uint64(3000000)
	if len(os.Args) > 1 {
		n, _ = strconv.ParseUint(os.Args[1], 10, 64)
	}
	x := uint64(1)
	for i := uint64(0); i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	if x == 42 {
		os.Exit(1)
	}
}
