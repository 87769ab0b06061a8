package io.quiver.rdma.verbs;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's count of RDMA objects on one device as iproute2's {@code rdma resource show} prints it
 * ({@code 1: rxe0: pd 0 cq 0 qp 1 cm_id 0 mr 0 ctx 0 srq 0}): protection domains, CQs, queue pairs, CM ids and
 * memory regions, so that {@link VerbsSelfCheck} can see that teardown left none behind. Device contexts are
 * left out: librdmacm keeps its own open for the life of the process.
 */
final class KernelResources {

    private KernelResources() {
    }

    /** pd, cq, qp, cm_id and mr of {@code device}; empty when the command fails. */
    static Map<String, String> of(String device) throws Exception {
        Process p = new ProcessBuilder("rdma", "resource", "show").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        Map<String, String> counts = new TreeMap<>();
        if (p.waitFor() != 0) {
            return counts;
        }
        for (String line : out.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length < 2 || !words[1].equals(device + ":")) {
                continue;
            }
            for (int i = 2; i + 1 < words.length; i += 2) {
                if (Map.of("pd", 1, "cq", 1, "qp", 1, "cm_id", 1, "mr", 1).containsKey(words[i])) {
                    counts.put(words[i], words[i + 1]);
                }
            }
        }
        return counts;
    }
}
