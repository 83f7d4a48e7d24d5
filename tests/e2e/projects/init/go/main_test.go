package main

import "testing"

func TestRuns(t *testing.T) {
	if 2+2 != 4 {
		t.Fatal("arithmetic")
	}
}
