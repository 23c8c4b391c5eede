"""Harness shared by the web and scale benchmarks: server processes, wrk, tables."""
