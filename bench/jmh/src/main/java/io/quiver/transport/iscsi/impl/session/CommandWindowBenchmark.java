package io.quiver.transport.iscsi.impl.session;

import io.quiver.bench.ShortRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The CmdSN window's share of one command (RFC 7143, 4.2.2.1): accept the CmdSN, slide, start, stamp
 * ExpCmdSN/MaxCmdSN on the response, complete; across the 2^32 wrap. One state per benchmark thread, as
 * the window is one connection's.
 */
public class CommandWindowBenchmark extends ShortRun {

    private CommandWindow window;
    private int cmdSn;

    @Setup
    public void setUp() {
        cmdSn = Integer.MAX_VALUE - 1000;
        window = new CommandWindow(cmdSn, 128);
    }

    @Benchmark
    public int oneCommand() {
        if (!window.accepts(cmdSn)) {
            throw new IllegalStateException("window closed at " + cmdSn);
        }
        window.advance();
        cmdSn++;
        window.commandStarted();
        int stamp = window.expCmdSn() ^ window.maxCmdSn();
        window.commandCompleted();
        return stamp;
    }
}
