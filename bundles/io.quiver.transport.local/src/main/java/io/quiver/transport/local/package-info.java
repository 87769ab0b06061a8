/**
 * The loopback target driver, Quiver's {@code scst_local}: SCSI commands issued from Java code in the
 * same JVM, with no wire. Tests and tools use it to drive the target core end to end.
 *
 * <pre>{@code
 * LocalTarget t = driver.createTarget("local:t1");
 * try (LocalSession s = t.login("iqn.2026-01.io.quiver:client")) {
 *     LocalResponse r = s.execute(LocalRequest.of(0, 0x12, 0, 0, 0, 96, 0).dataIn(96));
 * }
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.quiver.transport.local;
