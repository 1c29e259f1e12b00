"""Tests of the Exact Online emulator, all over real HTTP on loopback."""
