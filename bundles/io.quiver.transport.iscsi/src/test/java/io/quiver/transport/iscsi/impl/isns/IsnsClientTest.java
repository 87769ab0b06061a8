package io.quiver.transport.iscsi.impl.isns;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The driver's iSNS registration against Open-iSNS's real server, checked with its own isnsadm: targets,
 * portals and the entity appear; a removed target disappears; after the server restarts with an empty
 * database the targets are back; ESIs are answered (the server would otherwise drop the portals); closing
 * deregisters the entity.
 */
class IsnsClientTest {

    private static final String T1 = "iqn.2026-12.io.quiver:isns-one";
    private static final String T2 = "iqn.2026-12.io.quiver:isns-two";

    private static String await(IsnsDaemon d, Predicate<String> ok, String... query) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String out = d.admin(query);
        while (!ok.test(out) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            out = d.admin(query);
        }
        return out;
    }

    @Test
    void registersRefreshesAndDeregisters() throws Exception {
        List<IsnsRegistration.Node> targets = new CopyOnWriteArrayList<>(List.of(
                new IsnsRegistration.Node(T1, "first disk", 1), new IsnsRegistration.Node(T2, null, 2)));
        try (IsnsDaemon d = new IsnsDaemon()) {
            IsnsClient client = new IsnsClient(new IsnsServer("127.0.0.1", d.port, false), "quiver-test-entity",
                    () -> List.of("127.0.0.1:3260", "127.0.0.1:3261"), () -> targets, 1);
            try {
                String nodes = await(d, o -> o.contains(T1) && o.contains(T2), "--list", "nodes");
                assertTrue(nodes.contains(T1) && nodes.contains(T2), nodes + d.log());
                assertTrue(nodes.contains("first disk"), "the alias: " + nodes);
                String portals = d.admin("--list", "portals");
                assertTrue(portals.contains("127.0.0.1") && portals.contains("3260") && portals.contains("3261"),
                        portals);
                assertTrue(d.admin("--list", "entities").contains("quiver-test-entity"));

                targets.remove(1);
                client.changed();
                nodes = await(d, o -> !o.contains(T2), "--list", "nodes");
                assertFalse(nodes.contains(T2), "a removed target is gone: " + nodes);
                assertTrue(nodes.contains(T1), nodes);

                d.restart();
                assertFalse(d.admin("--list", "nodes").contains(T1), "the restarted server knows nothing");
                nodes = await(d, o -> o.contains(T1), "--list", "nodes");
                assertTrue(nodes.contains(T1), "registered again after the restart: " + nodes + d.log());

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (client.inquiriesAnswered() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertTrue(client.inquiriesAnswered() > 0, "an ESI was answered: " + d.log());
                assertTrue(d.admin("--list", "nodes").contains(T1), "still registered after ESIs");
            } finally {
                client.close();
            }
            String after = d.admin("--list", "entities");
            assertFalse(after.contains("quiver-test-entity"), "deregistered at close: " + after);
        }
    }
}
