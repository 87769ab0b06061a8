package io.quiver.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Threads, open file descriptors and resident memory of a Linux process, read from {@code /proc/<pid>}
 * at one moment. Immutable.
 */
final class ProcessFigures {

    final int threads;
    final int descriptors;
    final long rssKib;

    private ProcessFigures(int threads, int descriptors, long rssKib) {
        this.threads = threads;
        this.descriptors = descriptors;
        this.rssKib = rssKib;
    }

    static ProcessFigures of(long pid) throws IOException {
        Path proc = Path.of("/proc", String.valueOf(pid));
        int threads = -1;
        long rss = -1;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            return new ProcessFigures(threads, (int) fds.count(), rss);
        }
    }

    /** The larger of each figure. */
    ProcessFigures max(ProcessFigures other) {
        return new ProcessFigures(Math.max(threads, other.threads), Math.max(descriptors, other.descriptors),
                Math.max(rssKib, other.rssKib));
    }

    @Override
    public String toString() {
        return threads + " threads, " + descriptors + " fds, " + rssKib / 1024 + " MiB RSS";
    }
}
