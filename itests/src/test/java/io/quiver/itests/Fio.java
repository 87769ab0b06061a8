package io.quiver.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.Assume;

/**
 * fio with its libiscsi engine as an initiator for the ITs: finds the binary, runs one job against an
 * {@code iscsi://} URL (in the background or blocking) and reads fio's JSON report.
 *
 * <p>The binary is, in order: the system property {@code quiver.fio}; {@code $HOME/.cache/quiver-tools/bin/fio}
 * (what {@code bench/build-fio.sh} installs); {@code fio} on the PATH if its {@code --enghelp} lists libiscsi.
 * Without one, {@link #require()} skips the test (JUnit {@code Assume}), except in CI (system property
 * {@code quiver.ci=true} or environment variable {@code QUIVER_CI=1}, set by {@code .ci/run}), where a missing
 * fio is a failure. Stateless; {@link Job} and {@link Running} belong to one test thread.
 */
final class Fio {

    private static final String ENGINE = "libiscsi";

    private Fio() {
    }

    /** True in CI, where a tool that is missing fails the test rather than skipping it. */
    static boolean ci() {
        return Boolean.getBoolean("quiver.ci") || "1".equals(System.getenv("QUIVER_CI"))
                || "true".equalsIgnoreCase(System.getenv("QUIVER_CI"));
    }

    /** The fio binary with the libiscsi engine; skips the test without one, or fails it in CI. */
    static Path require() {
        Optional<Path> fio = locate();
        String why = "fio with the libiscsi engine not found (quiver.fio, ~/.cache/quiver-tools/bin/fio, PATH);"
                + " bench/build-fio.sh builds it";
        if (fio.isEmpty() && ci()) {
            throw new AssertionError(why);
        }
        Assume.assumeTrue(why, fio.isPresent());
        return fio.get();
    }

    /** The fio binary with the libiscsi engine, if this machine has one. */
    static Optional<Path> locate() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("quiver.fio");
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property));
        }
        candidates.add(Path.of(System.getProperty("user.home"), ".cache/quiver-tools/bin/fio"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "fio"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).filter(Fio::hasEngine).findFirst();
    }

    private static boolean hasEngine(Path fio) {
        try {
            Process p = new ProcessBuilder(fio.toString(), "--enghelp").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(30, TimeUnit.SECONDS) && out.lines().anyMatch(l -> l.trim().equals(ENGINE));
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * An {@code iscsi://} URL as fio's {@code filename} wants it: fio splits file names at ':', so every
     * colon is escaped.
     */
    static String filename(String iscsiUrl) {
        return iscsiUrl.replace(":", "\\:");
    }

    /** A job named {@code name} against {@code iscsiUrl} whose report and output go into {@code dir}. */
    static Job job(String name, String iscsiUrl, Path dir) {
        return new Job(name, iscsiUrl, dir);
    }

    /** fio options for one job; defaults: random writes of 4 KiB, queue depth 8, direct. */
    static final class Job {

        private final String name;
        private final Path dir;
        private final Map<String, String> options = new LinkedHashMap<>();

        private Job(String name, String iscsiUrl, Path dir) {
            this.name = name;
            this.dir = dir;
            options.put("ioengine", ENGINE);
            options.put("filename", filename(iscsiUrl));
            options.put("rw", "randwrite");
            options.put("bs", "4k");
            options.put("iodepth", "8");
        }

        Job rw(String rw) {
            return option("rw", rw);
        }

        Job bs(String bs) {
            return option("bs", bs);
        }

        Job iodepth(int depth) {
            return option("iodepth", String.valueOf(depth));
        }

        /** How many bytes of the LUN the job uses (fio's {@code size}). */
        Job size(String size) {
            return option("size", size);
        }

        /** Runs for {@code runtime}, starting over at the end of {@code size} (fio's {@code time_based}). */
        Job timeBased(Duration runtime) {
            option("time_based", "1");
            return option("runtime", runtime.toMillis() + "ms");
        }

        /**
         * Writes with a checksum in every block and reads it all back at the end (fio's {@code verify},
         * {@code do_verify}); a mismatch is an error in the report.
         */
        Job verify(String checksum) {
            option("verify", checksum);
            option("do_verify", "1");
            return option("verify_fatal", "1");
        }

        /**
         * Logs every I/O's completion time (fio's {@code write_lat_log}, one line per I/O) for
         * {@link Running#longestCompletionGapMs()}.
         */
        Job completionLog() {
            option("write_lat_log", name);
            return option("log_avg_msec", "0");
        }

        /** Any other fio option, as {@code --key=value}. */
        Job option(String key, String value) {
            options.put(key, value);
            return this;
        }

        List<String> command(Path fio) {
            List<String> command = new ArrayList<>(List.of(fio.toString(), "--output-format=json",
                    "--output=" + report(), "--name=" + name));
            options.forEach((k, v) -> command.add("--" + k + "=" + v));
            return command;
        }

        Path report() {
            return dir.resolve(name + ".json");
        }

        /** Starts fio in the background. */
        Running start() throws IOException {
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            Process p = new ProcessBuilder(command(require())).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new Running(this, p, log);
        }

        /** Runs fio to its end, waiting at most {@code timeout}. */
        Result run(Duration timeout) throws Exception {
            try (Running r = start()) {
                return r.await(timeout);
            }
        }
    }

    /** A fio process; {@link #close()} kills it if it still runs. */
    static final class Running implements AutoCloseable {

        private final Job job;
        private final Process process;
        private final Path log;

        private Running(Job job, Process process, Path log) {
            this.job = job;
            this.process = process;
            this.log = log;
        }

        boolean alive() {
            return process.isAlive();
        }

        /** Waits for fio's end (failing after {@code timeout}: a hang) and parses its report. */
        Result await(Duration timeout) throws Exception {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new AssertionError("fio job " + job.name + " still ran after " + timeout + ": " + output());
            }
            Path report = job.report();
            if (!Files.exists(report) || Files.size(report) == 0) {
                throw new AssertionError("fio job " + job.name + " wrote no report (exit " + process.exitValue()
                        + "): " + output());
            }
            return Result.parse(Files.readString(report), process.exitValue(), output());
        }

        /**
         * The longest time between two consecutive I/O completions, in milliseconds, from the completion log
         * ({@link Job#completionLog()}): how long the job saw no progress at all. Call after {@link #await}.
         */
        long longestCompletionGapMs() throws IOException {
            long[] times;
            try (var lines = Files.lines(job.dir.resolve(job.name + "_lat.1.log"))) {
                times = lines.filter(l -> !l.isBlank()).mapToLong(l -> Long.parseLong(l.substring(0, l.indexOf(',')).trim()))
                        .sorted().toArray();
            }
            long gap = 0;
            for (int i = 1; i < times.length; i++) {
                gap = Math.max(gap, times[i] - times[i - 1]);
            }
            return gap;
        }

        /** What fio printed besides its report (errors, warnings). */
        String output() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "";
        }

        /**
         * Kills fio if it still runs, its job processes first: fio forks one per job, and a job outlives its
         * killed parent, writing on until its runtime ends.
         */
        @Override
        public void close() {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    /**
     * One direction of a job (fio's {@code read} or {@code write} object): completed I/Os, bytes, IOPS,
     * bandwidth in KiB/s and total latency (submission to completion) in nanoseconds.
     */
    record Side(long ios, long bytes, double iops, long bwKiBs, long latMinNs, long latMaxNs, double latMeanNs) {

        static Side of(Object side) {
            return new Side(num(side, "total_ios"), num(side, "io_bytes"), dbl(side, "iops"), num(side, "bw"),
                    num(side, "lat_ns", "min"), num(side, "lat_ns", "max"), dbl(side, "lat_ns", "mean"));
        }
    }

    /**
     * fio's report of the first job: its {@code error} (errno of the first error that stopped it, 0 if none),
     * {@code total_err} (errors counted with {@code continue_on_error}; 0 otherwise), both sides, fio's exit
     * status and what it printed.
     */
    record Result(long error, long totalErr, Side read, Side write, int exitStatus, String output, String json) {

        static Result parse(String report, int exitStatus, String output) {
            // fio may print warnings before the JSON object even with --output.
            Object root = Json.parse(report.substring(Math.max(0, report.indexOf('{'))));
            Object jobs = Json.at(root, "jobs");
            if (!(jobs instanceof List<?> list) || list.isEmpty()) {
                throw new AssertionError("fio report without jobs: " + report);
            }
            Object job = list.get(0);
            return new Result(num(job, "error"), num(job, "total_err"), Side.of(Json.at(job, "read")),
                    Side.of(Json.at(job, "write")), exitStatus, output, report);
        }

        /** True if fio finished without an error of any kind (I/O, verify, exit status). */
        boolean clean() {
            return error == 0 && totalErr == 0 && exitStatus == 0;
        }

        /**
         * The commands the libiscsi engine saw fail, as it printed them ("iscsi: request failed with error
         * SENSE KEY:UNIT_ATTENTION(6) ASCQ:...(0x3f0e)."): fio does not retry, so each is one I/O error.
         */
        List<String> scsiFailures() {
            return output.lines().filter(l -> l.contains("request failed")).toList();
        }

        /** The longest time one I/O took, either side, in milliseconds. */
        double latMaxMs() {
            return Math.max(read.latMaxNs, write.latMaxNs) / 1e6;
        }

        @Override
        public String toString() {
            return String.format("fio error=%d total_err=%d exit=%d read=%s write=%s%s", error, totalErr, exitStatus,
                    read, write, output.isBlank() ? "" : "\n" + output);
        }
    }

    private static long num(Object node, String... path) {
        return Math.round(dbl(node, path));
    }

    private static double dbl(Object node, String... path) {
        Object v = Json.at(node, path);
        return v instanceof Double d ? d : 0;
    }
}
