package io.quiver.transport.fcoe.impl.port;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of {@link FcoeIscsiBench}: every run's sample per case and path, their medians, the FCoE/iSCSI
 * ratio, and the markdown table for docs/benchmarks.md. Not thread-safe (the benchmark's main thread only).
 */
final class BenchReport {

    /** One measured run: completed I/Os and bytes per second, CPU of the target and of the initiator in cores. */
    record Sample(double iops, double bytesPerSecond, double targetCores, double initiatorCores) {
    }

    static final String FCOE = "FCoE";
    static final String ISCSI = "iSCSI";

    private final Map<String, Map<String, List<Sample>>> samples = new LinkedHashMap<>();

    void add(String caseName, String path, Sample s) {
        samples.computeIfAbsent(caseName, c -> new LinkedHashMap<>()).computeIfAbsent(path, p -> new ArrayList<>()).add(s);
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        List<Double> v = values.stream().sorted().toList();
        int n = v.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private double median(String caseName, String path, java.util.function.ToDoubleFunction<Sample> f) {
        return median(samples.get(caseName).getOrDefault(path, List.of()).stream().map(f::applyAsDouble).toList());
    }

    private static boolean bandwidth(String caseName) {
        return caseName.contains("_1m_");
    }

    private double figure(String caseName, String path) {
        return bandwidth(caseName) ? median(caseName, path, s -> s.bytesPerSecond() / (1 << 20))
                : median(caseName, path, Sample::iops);
    }

    /** The line printed for one run. */
    static String line(String caseName, String path, int rep, Sample s) {
        return String.format(Locale.ROOT, "%-18s %-5s rep %d: %,10.0f IOPS %,8.1f MiB/s  target %.2f cores, initiator %.2f cores",
                caseName, path, rep, s.iops(), s.bytesPerSecond() / (1 << 20), s.targetCores(), s.initiatorCores());
    }

    /** The markdown table: per case the median figure of each path, the ratio, and each path's CPU. */
    String table() {
        StringBuilder b = new StringBuilder();
        b.append("| case | metric | FCoE | iSCSI | FCoE/iSCSI | target cores FCoE / iSCSI | initiator cores FCoE / iSCSI |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (String c : samples.keySet()) {
            double f = figure(c, FCOE);
            double i = figure(c, ISCSI);
            String unit = bandwidth(c) ? " MiB/s" : " IOPS";
            b.append(String.format(Locale.ROOT, "| %s | %s | %,.0f%s | %,.0f%s | %.2fx | %.2f / %.2f | %.2f / %.2f |%n", c,
                    bandwidth(c) ? "bw" : "iops", f, unit, i, unit, f / i, median(c, FCOE, Sample::targetCores),
                    median(c, ISCSI, Sample::targetCores), median(c, FCOE, Sample::initiatorCores),
                    median(c, ISCSI, Sample::initiatorCores)));
        }
        return b.toString();
    }

    /** Every run's figure, for the record: "case path: a, b". */
    String runs() {
        StringBuilder b = new StringBuilder();
        samples.forEach((c, paths) -> paths.forEach((p, list) -> b.append(c).append(' ').append(p).append(": ")
                .append(String.join(", ", list.stream().map(s -> bandwidth(c)
                        ? String.format(Locale.ROOT, "%,.0f MiB/s", s.bytesPerSecond() / (1 << 20))
                        : String.format(Locale.ROOT, "%,.0f IOPS", s.iops())).toList())).append('\n')));
        return b.toString();
    }
}
