/**
 * Test fixtures shared by the unit tests of Quiver's plugin modules, so that each exists once.
 *
 * <ul>
 *   <li>{@link io.quiver.testing.FakeDeviceTask}: a {@code DeviceTask} as the core would hand it to a device,
 *       on pooled buffers, recording how the device ended it and checking that every buffer is released
 *       exactly once;</li>
 *   <li>{@link io.quiver.testing.RecordingDeviceContext}: the core's side of an attached device, counting
 *       the changes the device reports;</li>
 *   <li>{@link io.quiver.testing.FakeBundleContext}: just enough of a {@code BundleContext} for a
 *       Declarative Services component test without a framework;</li>
 *   <li>{@link io.quiver.testing.ComponentConfigs}: component property types (the annotations DS
 *       components take as configuration) over a map, as SCR builds them;</li>
 *   <li>{@link io.quiver.testing.InMemoryManagementTree}: the management tree for the tests of its views
 *       (REST, Web Console, config tool), with {@link io.quiver.testing.ObjectType} describing what its
 *       collections create and {@link io.quiver.testing.TreeDtos} building nodes and attributes;</li>
 *   <li>{@link io.quiver.testing.CephCluster}: a throwaway single-host Ceph cluster (monitor, manager, memstore
 *       OSDs, pool {@code rbd}) on 127.0.0.1 for the tests of RBD devices; OSDs can be killed and restarted.</li>
 * </ul>
 *
 * <p>Use this module in test scope only. It is a plain jar, not a bundle, and exports nothing at runtime.
 */
package io.quiver.testing;
