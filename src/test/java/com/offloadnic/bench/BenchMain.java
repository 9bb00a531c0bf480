package com.offloadnic.bench;

/** Entry point for the JMH benchmarks (see docs/benchmarks.md); passes its arguments to JMH. */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
    }
}
