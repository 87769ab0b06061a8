package io.quiver.linux;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs of the machine (root, network namespaces, ext4): in CI ({@code QUIVER_CI=1}) a missing
 * one fails the test loudly; elsewhere the test is skipped with the reason.
 */
final class Privileges {

    private Privileges() {
    }

    static void require(boolean met, String reason) {
        if (met) {
            return;
        }
        if ("1".equals(System.getenv("QUIVER_CI"))) {
            Assertions.fail("QUIVER_CI=1 and " + reason);
        }
        Assumptions.abort(reason);
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }
}
